// Two-sided headlight shared by the volume (shading.glsl) and the surface meshes (surface.frag).
// n and viewDir are unit vectors; the sign of n does not matter.
vec3 headlight(vec3 colour, vec3 n, vec3 viewDir) {
  float diffuse = abs(dot(n, viewDir));
  float specular = pow(diffuse, 40.0);
  return colour * (0.25 + 0.75 * diffuse) + vec3(0.25 * specular);
}
