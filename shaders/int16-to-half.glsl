// int16 HU ('i16' volumes) → half float, on the GPU: one draw per z layer of the R16F target,
// reading the R16I texel at the same (x, y) in layer uLayer of the slab uploaded for it.
// Integer textures cannot be filtered, so texelFetch; the raymarcher then samples the R16F
// target with linear filtering, exactly as it samples an 'f16' volume made on the CPU.
precision highp float;
precision highp int;
precision highp isampler3D;

uniform isampler3D uSource;
uniform int uLayer;

out vec4 fragColor;

// The half float nearest to integer v (ties to even), as an integer. Done with integer
// arithmetic so that the value written is exactly representable in half precision: the GPU's
// own float → half conversion on write (whose rounding GLES leaves open) then has nothing to
// round, and the texels are bit-identical to the CPU's toHalf(). Halves hold every integer in
// ±2048; each binade above doubles the step: 2 up to 4096, 4, 8, then 16 up to 32768.
int nearestHalf(int v) {
  int a = abs(v);
  int shift = a >= 16384 ? 4 : a >= 8192 ? 3 : a >= 4096 ? 2 : a >= 2048 ? 1 : 0;
  if (shift == 0) return v;
  int q = a >> shift;
  int rest = a - (q << shift);
  int halfStep = 1 << (shift - 1);
  if (rest > halfStep || (rest == halfStep && (q & 1) == 1)) q += 1;
  int rounded = q << shift;
  return v < 0 ? -rounded : rounded;
}

void main() {
  int v = texelFetch(uSource, ivec3(ivec2(gl_FragCoord.xy), uLayer), 0).r;
  fragColor = vec4(float(nearestHalf(v)), 0.0, 0.0, 1.0);
}
