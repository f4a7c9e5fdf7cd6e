// Draws the ScanPath icon and writes every file electron-builder takes it from, so no icon
// conversion tool (which electron-builder would download) is needed when packaging:
//   build/icon.png      1024×1024, the master (and the dmg/AppImage fallback)
//   build/icons/NxN.png Linux sizes (hicolor theme: AppImage and deb)
//   build/icon.ico      Windows: 16–128 px as 32-bit bitmaps, 256 px as PNG (the usual layout,
//                       which NSIS and Explorer both read)
//   build/icon.icns     macOS: PNG entries from 16 to 1024 px
// The drawing is resolution independent (signed distance fields, evaluated per pixel at every
// size), so small sizes stay sharp instead of being scaled down. Only Node built-ins are used.
//
//   node build/make-icons.mjs    rewrites the files above
import { mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { crc32, deflateSync } from 'node:zlib'

const BUILD_DIR = import.meta.dirname

// --- The design, on a 1024-unit canvas --------------------------------------------------------
// A rounded square in blue (the grid macOS uses: an 824-unit body, 100 units of margin), and in
// white the path a device's mail takes: a dot (the device), a route with two turns, and a ring
// (Microsoft 365) at its end.
const BODY = { cx: 512, cy: 512, half: 412, radius: 184 }
const TOP = [0x25, 0x63, 0xeb] // #2563eb
const BOTTOM = [0x1e, 0x3a, 0x8a] // #1e3a8a
const ROUTE = [
  [318, 706],
  [460, 564],
  [564, 668],
  [706, 430],
]
const ROUTE_HALF_WIDTH = 30
const DEVICE = { x: 318, y: 706, r: 74 }
const DESTINATION = { x: 706, y: 330, r: 86, halfWidth: 30 }

function roundedBoxDistance(x, y) {
  const qx = Math.abs(x - BODY.cx) - (BODY.half - BODY.radius)
  const qy = Math.abs(y - BODY.cy) - (BODY.half - BODY.radius)
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0))
  return outside + Math.min(Math.max(qx, qy), 0) - BODY.radius
}

function segmentDistance(x, y, [ax, ay], [bx, by]) {
  const dx = bx - ax
  const dy = by - ay
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy))
}

function glyphDistance(x, y) {
  let d = Math.hypot(x - DEVICE.x, y - DEVICE.y) - DEVICE.r
  for (let i = 1; i < ROUTE.length; i++) {
    d = Math.min(d, segmentDistance(x, y, ROUTE[i - 1], ROUTE[i]) - ROUTE_HALF_WIDTH)
  }
  // The route's last leg runs up into the ring.
  d = Math.min(
    d,
    segmentDistance(x, y, ROUTE[ROUTE.length - 1], [DESTINATION.x, DESTINATION.y + DESTINATION.r]) -
      ROUTE_HALF_WIDTH,
  )
  const ring =
    Math.abs(Math.hypot(x - DESTINATION.x, y - DESTINATION.y) - DESTINATION.r) -
    DESTINATION.halfWidth
  return Math.min(d, ring)
}

/** Coverage of a shape at a pixel from its distance in pixels (a one-pixel anti-aliased edge). */
const coverage = (distancePx) => Math.max(0, Math.min(1, 0.5 - distancePx))

/** The icon at `size`×`size` as straight-alpha RGBA, top row first. */
export function renderIcon(size) {
  const scale = 1024 / size
  const rgba = Buffer.alloc(size * size * 4)
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) * scale
      const y = (py + 0.5) * scale
      const body = coverage(roundedBoxDistance(x, y) / scale)
      if (body === 0) continue
      const glyph = coverage(glyphDistance(x, y) / scale)
      const t = Math.max(0, Math.min(1, (y - 100) / 824))
      const o = (py * size + px) * 4
      for (let c = 0; c < 3; c++) {
        const blue = TOP[c] + (BOTTOM[c] - TOP[c]) * t
        rgba[o + c] = Math.round(blue + (255 - blue) * glyph)
      }
      rgba[o + 3] = Math.round(255 * body)
    }
  }
  return rgba
}

// --- PNG (RFC 2083): signature, IHDR, one IDAT, IEND -----------------------------------------
function pngChunk(type, data) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(typeAndData))
  return Buffer.concat([length, typeAndData, crc])
}

export function encodePng(size, rgba) {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header[8] = 8 // bits per channel
  header[9] = 6 // colour type: RGBA
  // Each row starts with filter type 0 (none).
  const raw = Buffer.alloc(size * (size * 4 + 1))
  for (let y = 0; y < size; y++) {
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4)
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
}

// --- ICO: ICONDIR, one ICONDIRENTRY per image, then the images ----------------------------------
/** A 32-bit BGRA device-independent bitmap as ICO stores it: bottom row first, plus an AND mask. */
function icoBitmap(size, rgba) {
  const info = Buffer.alloc(40)
  info.writeUInt32LE(40, 0) // BITMAPINFOHEADER size
  info.writeInt32LE(size, 4)
  info.writeInt32LE(size * 2, 8) // XOR image + AND mask
  info.writeUInt16LE(1, 12) // planes
  info.writeUInt16LE(32, 14) // bits per pixel
  const pixels = Buffer.alloc(size * size * 4)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4
      const to = ((size - 1 - y) * size + x) * 4
      pixels[to] = rgba[from + 2]
      pixels[to + 1] = rgba[from + 1]
      pixels[to + 2] = rgba[from]
      pixels[to + 3] = rgba[from + 3]
    }
  }
  // The alpha channel decides transparency; the 1-bit mask (rows padded to 4 bytes) stays clear.
  const mask = Buffer.alloc(Math.ceil(size / 32) * 4 * size)
  return Buffer.concat([info, pixels, mask])
}

function encodeIco(images) {
  const header = Buffer.alloc(6)
  header.writeUInt16LE(1, 2) // type 1: icon
  header.writeUInt16LE(images.length, 4)
  const entries = []
  let offset = 6 + 16 * images.length
  for (const { size, data } of images) {
    const entry = Buffer.alloc(16)
    entry[0] = size >= 256 ? 0 : size // 0 means 256
    entry[1] = size >= 256 ? 0 : size
    entry.writeUInt16LE(1, 4) // planes
    entry.writeUInt16LE(32, 6) // bits per pixel
    entry.writeUInt32LE(data.length, 8)
    entry.writeUInt32LE(offset, 12)
    offset += data.length
    entries.push(entry)
  }
  return Buffer.concat([header, ...entries, ...images.map((i) => i.data)])
}

// --- ICNS: 'icns' + total length, then (type, length, PNG data) entries -----------------------
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32], // 16@2x
  ['ic12', 64], // 32@2x
  ['ic07', 128],
  ['ic13', 256], // 128@2x
  ['ic08', 256],
  ['ic14', 512], // 256@2x
  ['ic09', 512],
  ['ic10', 1024], // 512@2x
]

function encodeIcns(pngBySize) {
  const entries = ICNS_TYPES.map(([type, size]) => {
    const png = pngBySize.get(size)
    const head = Buffer.alloc(8)
    head.write(type, 0, 'latin1')
    head.writeUInt32BE(png.length + 8, 4)
    return Buffer.concat([head, png])
  })
  const body = Buffer.concat(entries)
  const head = Buffer.alloc(8)
  head.write('icns', 0, 'latin1')
  head.writeUInt32BE(body.length + 8, 4)
  return Buffer.concat([head, body])
}

export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512]
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]

async function main() {
  const sizes = [...new Set([...LINUX_SIZES, ...ICO_SIZES, 1024])].sort((a, b) => a - b)
  const rgbaBySize = new Map(sizes.map((s) => [s, renderIcon(s)]))
  const pngBySize = new Map(sizes.map((s) => [s, encodePng(s, rgbaBySize.get(s))]))

  await writeFile(join(BUILD_DIR, 'icon.png'), pngBySize.get(1024))
  await mkdir(join(BUILD_DIR, 'icons'), { recursive: true })
  for (const s of LINUX_SIZES) {
    await writeFile(join(BUILD_DIR, 'icons', `${s}x${s}.png`), pngBySize.get(s))
  }
  const icoImages = ICO_SIZES.map((s) => ({
    size: s,
    data: s >= 256 ? pngBySize.get(s) : icoBitmap(s, rgbaBySize.get(s)),
  }))
  await writeFile(join(BUILD_DIR, 'icon.ico'), encodeIco(icoImages))
  await writeFile(join(BUILD_DIR, 'icon.icns'), encodeIcns(pngBySize))
  process.stdout.write(
    `wrote build/icon.png, build/icons/ (${LINUX_SIZES.join(', ')}), build/icon.ico, build/icon.icns\n`,
  )
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main()
}
