// Shared declarations and helpers for every raymarch mode.
precision highp float;
precision highp sampler3D;

in vec3 vCube;
out vec4 fragColor;

// The current ray in cube coordinates (set by main, read by mode pieces).
vec3 rayOrigin;
vec3 rayDir;

uniform sampler3D uVolume;     // HU (R16F / R32F) or codes (R8, normalised)
uniform sampler2D uLut;        // 1-D classification table (height 1)
uniform vec3 uVoxels;          // grid size nx, ny, nz
uniform vec3 uCamCube;         // camera position in cube coordinates
uniform float uValueScale;     // HU = texel · scale + offset (1, 0 for float textures)
uniform float uValueOffset;
uniform float uLutScale;       // LUT coordinate = HU · scale + offset
uniform float uLutOffset;
uniform float uStepVoxels;     // sample spacing in voxels (1 still, 2 while dragging)
uniform mat3 uCubeToWorld;     // linear part of cube → patient mm
uniform mat3 uNormalToWorld;   // inverse transpose of the above, for gradients
uniform vec3 uBackground;
uniform vec3 uCropMin;         // the crop box (ViewerState.crop), in cube coordinates
uniform vec3 uCropMax;

float sampleHU(vec3 p) {
  return texture(uVolume, p).r * uValueScale + uValueOffset;
}

vec4 classify(float hu) {
  return texture(uLut, vec2(hu * uLutScale + uLutOffset, 0.5));
}

// Ray / unit-cube intersection: returns (tEnter, tExit); empty when tEnter > tExit.
vec2 hitBox(vec3 origin, vec3 dir, vec3 lo, vec3 hi) {
  vec3 inv = 1.0 / dir;
  vec3 t0 = (lo - origin) * inv;
  vec3 t1 = (hi - origin) * inv;
  vec3 tmin = min(t0, t1);
  vec3 tmax = max(t0, t1);
  return vec2(max(max(tmin.x, tmin.y), tmin.z), min(min(tmax.x, tmax.y), tmax.z));
}

// Per-pixel jitter in [0,1): breaks the "wood grain" of regular sample planes. Interleaved
// gradient noise (Jimenez 2014) spreads the offsets evenly over neighbouring pixels, so the
// residual noise is finer and less visible than white noise from a hash.
float pixelJitter() {
  return fract(52.9829189 * fract(dot(gl_FragCoord.xy, vec2(0.06711056, 0.00583715))));
}
