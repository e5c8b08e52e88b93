// InVesalius surface mesh: model matrix = render-grid voxel-mm → patient (geometry.ts voxelMmToPatient).
uniform vec3 uToCubeScale;  // render-grid voxel-mm → the volume's cube coordinates, for the crop
uniform vec3 uToCubeOffset;
out vec3 vNormal;
out vec3 vViewPos;
out vec3 vCube;

void main() {
  vCube = position * uToCubeScale + uToCubeOffset;
  vec4 mv = modelViewMatrix * vec4(position, 1.0);
  vViewPos = mv.xyz;
  vNormal = normalMatrix * normal;
  gl_Position = projectionMatrix * mv;
}
