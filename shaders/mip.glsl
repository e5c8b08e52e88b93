// Maximum intensity projection: the largest HU on the ray, then windowed through the LUT.
uniform float uStopValue; // window top: nothing brighter can show, so stop there
float mipBest;

void modeBegin(float stepMm, vec3 viewDir) {
  mipBest = -1e20;
}

bool modeSample(vec3 p, float hu, float t, float dt) {
  mipBest = max(mipBest, hu);
  return mipBest >= uStopValue;
}

vec4 modeEnd() {
  if (mipBest < -1e19) return vec4(0.0);
  return vec4(classify(mipBest).rgb, 1.0);
}
