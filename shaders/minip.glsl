// Minimum intensity projection: the smallest HU on the ray, then windowed through the LUT.
uniform float uStopValue; // window bottom: nothing darker can show, so stop there
float minipBest;

void modeBegin(float stepMm, vec3 viewDir) {
  minipBest = 1e20;
}

bool modeSample(vec3 p, float hu, float t, float dt) {
  minipBest = min(minipBest, hu);
  return minipBest <= uStopValue;
}

vec4 modeEnd() {
  if (minipBest > 1e19) return vec4(0.0);
  return vec4(classify(minipBest).rgb, 1.0);
}
