// Shared vertex stage: a unit cube (BoxGeometry centred on 0) whose model matrix is the volume's
// cube→patient transform. The fragment stage gets the cube coordinate (= 3-D texture coordinate).
out vec3 vCube;

void main() {
  vCube = position + 0.5;
  gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
}
