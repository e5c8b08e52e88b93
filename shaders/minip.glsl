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
  // Skipped bricks hold only values at or above the window top (classification.ts), so a ray that
  // skipped every brick it crossed (a crop inside dense matter) shows the LUT's top end, not the
  // background; clamping the LUT lookup gives exactly that.
  if (minipBest > 1e19) return skippedAny ? vec4(classify(1e20).rgb, 1.0) : vec4(0.0);
  return vec4(classify(minipBest).rgb, 1.0);
}
