// Composite DVR: front-to-back "over" with opacity corrected for the step length and Phong shading.
vec4 dvrAccum;
float dvrStepMm;
vec3 dvrView;

void modeBegin(float stepMm, vec3 viewDir) {
  dvrAccum = vec4(0.0);
  dvrStepMm = stepMm;
  dvrView = viewDir;
}

bool modeSample(vec3 p, float hu, float t, float dt) {
  vec4 c = classify(hu);
  if (c.a <= 0.0) return false;
  // LUT alpha is opacity per mm: alpha over this step = 1 − (1 − a)^(step/1 mm).
  float a = 1.0 - pow(max(1.0 - c.a, 0.0), dvrStepMm);
  // Shading costs six extra fetches; a nearly clear sample (< 2 %) is not worth them.
  vec3 rgb = a < 0.02 ? c.rgb * 0.6 : phong(c.rgb, gradientWorld(p), dvrView);
  dvrAccum.rgb += (1.0 - dvrAccum.a) * a * rgb;
  dvrAccum.a += (1.0 - dvrAccum.a) * a;
  return dvrAccum.a > 0.98; // early ray termination
}

vec4 modeEnd() {
  return dvrAccum;
}
