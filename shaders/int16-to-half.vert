// One full-viewport quad (PlaneGeometry 2×2): every fragment is one texel of the target layer.
in vec3 position;

void main() {
  gl_Position = vec4(position.xy, 0.0, 1.0);
}
