// Gradient (central differences, one voxel apart) and two-sided Phong with a headlight (light.glsl).
vec3 gradientWorld(vec3 p) {
  vec3 d = 1.0 / uVoxels;
  vec3 g = vec3(
    sampleHU(p + vec3(d.x, 0.0, 0.0)) - sampleHU(p - vec3(d.x, 0.0, 0.0)),
    sampleHU(p + vec3(0.0, d.y, 0.0)) - sampleHU(p - vec3(0.0, d.y, 0.0)),
    sampleHU(p + vec3(0.0, 0.0, d.z)) - sampleHU(p - vec3(0.0, 0.0, d.z))
  ) * uVoxels * 0.5; // per unit of cube coordinate
  return uNormalToWorld * g;
}

vec3 phong(vec3 colour, vec3 gradient, vec3 viewDir) {
  float len = length(gradient);
  if (len < 1e-4) return colour * 0.6; // flat region: ambient-ish, no direction to shade
  return headlight(colour, gradient / len, viewDir);
}
