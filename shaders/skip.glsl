// Empty-space skipping over the brick occupancy grid (one byte per BRICK³ voxels).
uniform sampler3D uBricks;
uniform vec3 uBrickDims;   // bricks along x, y, z
uniform float uBrickSize;  // voxels per brick edge

// The last brick looked up, so the occupancy texture is read once per brick, not per sample.
vec3 skipLastBrick = vec3(-1.0);
bool skipLastEmpty = false;
// Whether this ray skipped any brick (MinIP needs to know: see minip.glsl).
bool skippedAny = false;

// If the brick containing p is empty, returns the ray parameter where the ray leaves it;
// otherwise returns -1.
float skipEmptyBrick(vec3 p, vec3 origin, vec3 dir) {
  vec3 brick = clamp(floor(p * uVoxels / uBrickSize), vec3(0.0), uBrickDims - 1.0);
  if (brick != skipLastBrick) {
    skipLastBrick = brick;
    skipLastEmpty = texture(uBricks, (brick + 0.5) / uBrickDims).r == 0.0;
  }
  if (!skipLastEmpty) return -1.0;
  skippedAny = true;
  vec3 lo = brick * uBrickSize / uVoxels;
  vec3 hi = min((brick + 1.0) * uBrickSize / uVoxels, vec3(1.0));
  return hitBox(origin, dir, lo, hi).y;
}
