// Iso-surface: first sample at or above the threshold, refined by bisection, shaded.
uniform float uIso;
uniform vec3 uIsoColour;
vec4 isoHit;
vec3 isoView;

void modeBegin(float stepMm, vec3 viewDir) {
  isoHit = vec4(0.0);
  isoView = viewDir;
}

bool modeSample(vec3 p, float hu, float t, float dt) {
  if (hu < uIso) return false;
  // The previous sample (t − dt) was below the threshold (bricks are only skipped when their
  // maximum is below it), so the crossing lies in (t − dt, t].
  float lo = max(t - dt, 0.0);
  float hi = t;
  for (int k = 0; k < 6; k++) {
    float mid = 0.5 * (lo + hi);
    if (sampleHU(rayOrigin + rayDir * mid) >= uIso) hi = mid; else lo = mid;
  }
  vec3 surface = rayOrigin + rayDir * hi;
  isoHit = vec4(phong(uIsoColour, gradientWorld(surface), isoView), 1.0);
  return true;
}

vec4 modeEnd() {
  return isoHit;
}
