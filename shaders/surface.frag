// Surface mesh fragment: flat colour under the volume's headlight (light.glsl, inserted before),
// cut by the same crop box as the volume.
in vec3 vNormal;
in vec3 vViewPos;
in vec3 vCube;
out vec4 fragColor;
uniform vec3 uColour;
uniform float uOpacity;
uniform vec3 uCropMin;
uniform vec3 uCropMax;

void main() {
  if (any(lessThan(vCube, uCropMin)) || any(greaterThan(vCube, uCropMax))) discard;
  fragColor = vec4(headlight(uColour, normalize(vNormal), normalize(-vViewPos)), uOpacity);
}
