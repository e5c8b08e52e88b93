// Opaque InVesalius surfaces, rendered beforehand into a colour + depth layer (surface-layer.ts).
// A ray stops where it meets the nearest opaque surface at its pixel, and that surface's colour
// lies behind whatever the volume accumulated in front of it.
uniform sampler2D uSurfaceColour;
uniform sampler2D uSurfaceDepth;
uniform float uSurfaces;      // 1 when the layer holds at least one visible opaque surface
uniform vec2 uViewport;       // size of the target being drawn, in pixels (= the layer's size)
uniform mat4 uClipToCube;     // clip space → cube coordinates (inverse projection·view, world → cube)

float surfaceDepth = 1.0;     // window depth of the surface at this pixel (1 = none)
vec3 surfaceColour = vec3(0.0);

// Ray parameter (cube coordinates, dir normalised) of the opaque surface at this pixel, or 1e20.
float surfaceRayT(vec3 origin, vec3 dir) {
  if (uSurfaces < 0.5) return 1e20;
  vec2 uv = gl_FragCoord.xy / uViewport;
  surfaceDepth = texture(uSurfaceDepth, uv).r;
  if (surfaceDepth >= 1.0) return 1e20;
  surfaceColour = texture(uSurfaceColour, uv).rgb;
  vec4 p = uClipToCube * vec4(vec3(uv, surfaceDepth) * 2.0 - 1.0, 1.0);
  return dot(p.xyz / p.w - origin, dir);
}
