// Surface mesh fragment: flat colour under the volume's headlight (light.glsl, inserted before).
in vec3 vNormal;
in vec3 vViewPos;
out vec4 fragColor;
uniform vec3 uColour;
uniform float uOpacity;

void main() {
  fragColor = vec4(headlight(uColour, normalize(vNormal), normalize(-vViewPos)), uOpacity);
}
