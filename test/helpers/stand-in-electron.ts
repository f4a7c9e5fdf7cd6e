/**
 * A stand-in for an unpacked Linux Electron distribution, for packaging checks on a machine that
 * cannot download Electron (our CI). electron-builder's `electronDist` option takes such a folder
 * instead of downloading the release zip: it copies it, renames the `electron` binary after the
 * app, packs the app beside it and flips the fuses in that binary.
 *
 * The stand-in binary is a short shell script that refuses to run but carries the fuse wire a
 * real Electron binary embeds (sentinel, wire version, wire length, one byte per fuse), so
 * @electron/fuses flips it exactly as it would flip Electron, and a test can read the packaged
 * states back with the same library.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'

/** The marker @electron/fuses looks for in the binary (its `SENTINEL` constant). */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
/** Wire format version 1, the only one @electron/fuses knows. */
const FUSE_WIRE_VERSION = 1
/**
 * The eight V1 fuses in wire order at the defaults Electron ships ('1' enabled, '0' disabled):
 * runAsNode, cookieEncryption, nodeOptions, nodeCliInspect, embeddedAsarIntegrityValidation,
 * onlyLoadAppFromAsar, loadBrowserProcessSpecificV8Snapshot, grantFileProtocolExtraPrivileges.
 * Packaging has to change six of them, so a wire left untouched fails the check.
 */
export const ELECTRON_DEFAULT_FUSES = '10110001'

function standInBinary(): Buffer {
  const head =
    '#!/bin/sh\n' +
    '# Stand-in for the Electron binary (ScanPath packaging check): it cannot run the app.\n' +
    '# fuse wire: '
  const tail =
    '\necho "stand-in for Electron, used to check packaging: it cannot run ScanPath" >&2\nexit 1\n'
  return Buffer.concat([
    Buffer.from(head, 'utf8'),
    Buffer.from(FUSE_SENTINEL, 'latin1'),
    Buffer.from([FUSE_WIRE_VERSION, ELECTRON_DEFAULT_FUSES.length]),
    Buffer.from(ELECTRON_DEFAULT_FUSES, 'latin1'),
    Buffer.from(tail, 'utf8'),
  ])
}

export interface StandInElectron {
  /** The folder to give electron-builder as `electronDist`. */
  dir: string
  /** Its `electron` binary (electron-builder copies it and renames the copy). */
  binary: string
}

/**
 * Writes the stand-in distribution into `dir` (created if needed): the `electron` binary, an
 * empty `resources/` (where app.asar goes), and Electron's `LICENSE` and `version` files.
 */
export async function createStandInElectron(dir: string): Promise<StandInElectron> {
  const root = resolve(dir)
  await mkdir(join(root, 'resources'), { recursive: true })
  const binary = join(root, 'electron')
  await writeFile(binary, standInBinary())
  await chmod(binary, 0o755)
  await writeFile(join(root, 'LICENSE'), 'Stand-in for the Electron distribution (tests only).\n')
  await writeFile(join(root, 'version'), 'stand-in\n')
  return { dir: root, binary }
}
