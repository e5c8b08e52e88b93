// InVesalius surface mesh: model matrix = render-grid voxel-mm → patient (geometry.ts voxelMmToPatient).
out vec3 vNormal;
out vec3 vViewPos;

void main() {
  vec4 mv = modelViewMatrix * vec4(position, 1.0);
  vViewPos = mv.xyz;
  vNormal = normalMatrix * normal;
  gl_Position = projectionMatrix * mv;
}
