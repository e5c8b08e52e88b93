/**
 * Writes an InVesalius-like .inv3 (docs/inv3-format.md §1–2) the way Python's tarfile does:
 * a random top folder, a PAX `x` header with `mtime=` ahead of every member, ustar headers,
 * matrix.dat first, measurements.plist, main.plist LAST, two zero blocks, padded to 10240.
 */
import { closeSync, createReadStream, createWriteStream, openSync, writeSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { randomBytes } from 'node:crypto';

function octal(n, width) {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

/** One 512-byte ustar header. */
function header(name, size, type, mtime) {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(0o644, 8), 100, 'latin1');
  h.write(octal(1000, 8), 108, 'latin1');
  h.write(octal(1000, 8), 116, 'latin1');
  h.write(octal(size, 12), 124, 'latin1');
  h.write(octal(Math.floor(mtime), 12), 136, 'latin1');
  h.write('        ', 148, 'latin1'); // checksum placeholder
  h.write(type, 156, 'latin1');
  h.write('ustar\0', 257, 'latin1');
  h.write('00', 263, 'latin1');
  h.write('bench', 265, 'latin1');
  h.write('bench', 297, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + ' ', 148, 'latin1');
  return h;
}

/** A PAX record "<len> key=value\n" where <len> counts itself. */
function paxRecord(key, value) {
  const body = ` ${key}=${value}\n`;
  let len = body.length + 1;
  while (String(len).length + body.length !== len) len = String(len).length + body.length;
  return `${len}${body}`;
}

const pad = (n) => (512 - (n % 512)) % 512;

export function mainPlist({ shape, spacing, range, window, compress }) {
  const real = (v) => `<real>${Number.isInteger(v) ? v.toFixed(1) : v}</real>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>affine</key>
	<string></string>
	<key>annotations</key>
	<dict/>
	<key>compress</key>
	<${compress ? 'true' : 'false'}/>
	<key>date</key>
	<string>2026-11-24T00:00:00.000000</string>
	<key>format_version</key>
	<real>1.1</real>
	<key>invesalius_version</key>
	<string>3.1.99998</string>
	<key>masks</key>
	<dict/>
	<key>matrix</key>
	<dict>
		<key>dtype</key>
		<string>int16</string>
		<key>filename</key>
		<string>matrix.dat</string>
		<key>shape</key>
		<array>
${shape.map((v) => `			<integer>${v}</integer>`).join('\n')}
		</array>
	</dict>
	<key>measurements</key>
	<string>measurements.plist</string>
	<key>modality</key>
	<string>CT</string>
	<key>name</key>
	<string>PHANTOM</string>
	<key>orientation</key>
	<integer>1</integer>
	<key>scalar_range</key>
	<array>
		<integer>${range[0]}</integer>
		<integer>${range[1]}</integer>
	</array>
	<key>spacing</key>
	<array>
${spacing.map((v) => `		${real(v)}`).join('\n')}
	</array>
	<key>surfaces</key>
	<dict/>
	<key>window_level</key>
	${real(window.level)}
	<key>window_width</key>
	${real(window.width)}
</dict>
</plist>
`;
}

const EMPTY_PLIST = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict/>
</plist>
`;

/** Writes the plain-tar .inv3 to `file`. `voxels` is an Int16Array [z][y][x]. */
export function writePlainInv3(file, voxels, meta) {
  const dir = `tmp${randomBytes(6).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, 'x').slice(0, 8)}`;
  const mtime = 1795475597.822511;
  const matrix = Buffer.from(voxels.buffer, voxels.byteOffset, voxels.byteLength);
  const members = [
    ['matrix.dat', matrix],
    ['measurements.plist', Buffer.from(EMPTY_PLIST)],
    ['main.plist', Buffer.from(mainPlist(meta))],
  ];
  const fd = openSync(file, 'w');
  let written = 0;
  const put = (b) => {
    for (let o = 0; o < b.length; o += 1 << 26) written += writeSync(fd, b, o, Math.min(1 << 26, b.length - o));
  };
  try {
    for (const [name, data] of members) {
      const pax = Buffer.from(paxRecord('mtime', mtime));
      put(header('././@PaxHeader', pax.length, 'x', mtime));
      put(Buffer.concat([pax, Buffer.alloc(pad(pax.length))]));
      put(header(`${dir}/${name}`, data.length, '0', mtime));
      put(data);
      put(Buffer.alloc(pad(data.length)));
    }
    put(Buffer.alloc(1024));
    put(Buffer.alloc((10240 - (written % 10240)) % 10240));
  } finally {
    closeSync(fd);
  }
  return { dir, bytes: written };
}

/** gzip of an existing file (streamed). */
export async function gzipFile(src, dst, level) {
  await pipeline(createReadStream(src, { highWaterMark: 1 << 20 }), createGzip({ level }), createWriteStream(dst));
}
