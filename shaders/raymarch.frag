// The one raymarch loop shared by every mode. The mode piece (dvr/mip/minip/iso.glsl), inserted
// before this file, supplies modeBegin / modeSample / modeEnd; surfaces.glsl supplies surfaceRayT.
void main() {
  rayOrigin = uCamCube;
  rayDir = normalize(vCube - uCamCube);
  vec2 span = hitBox(rayOrigin, rayDir, uCropMin, uCropMax);
  float tStart = max(span.x, 0.0);
  if (span.y <= tStart) discard;
  // Rays end at the crop box's far side or at the nearest opaque surface, whichever comes first.
  float tEnd = min(span.y, surfaceRayT(rayOrigin, rayDir));

  // ~uStepVoxels voxels per sample whatever the direction; its length in mm drives opacity correction.
  float dt = uStepVoxels / length(rayDir * uVoxels);
  float stepMm = length(uCubeToWorld * rayDir) * dt;
  modeBegin(stepMm, -normalize(uCubeToWorld * rayDir));

  float t = tStart + dt * pixelJitter();
  for (int i = 0; i < MAX_STEPS; i++) {
    if (t > tEnd) break;
    vec3 p = rayOrigin + rayDir * t;
    float tLeave = skipEmptyBrick(p, rayOrigin, rayDir);
    if (tLeave >= 0.0) {
      // Jump whole steps so the sample phase (and the jitter pattern) is kept across bricks.
      t += max(1.0, ceil((tLeave - t) / dt)) * dt;
      continue;
    }
    if (modeSample(p, sampleHU(p), t, dt)) break;
    t += dt;
  }
  vec4 c = modeEnd();
  vec3 behind = surfaceDepth < 1.0 ? surfaceColour : uBackground;
  fragColor = vec4(c.rgb + (1.0 - c.a) * behind, 1.0);
  // The surface's depth (far plane where there is none), so transparent surfaces drawn next
  // hide behind opaque ones.
  gl_FragDepth = surfaceDepth;
}
