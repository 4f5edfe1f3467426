/**
 * Structural bounds check of an OLE compound file ([MS-CFB]) before msgreader walks it.
 * msgreader follows sector chains and directory links until it meets an end marker, so a
 * damaged or hostile file with a loop in the FAT, the mini FAT, the DIFAT or the directory tree
 * would make it run forever, and a stream size of gigabytes would make it allocate that much.
 * This walk mirrors msgreader's own reads (lib/Reader.js: signed 32-bit sector numbers, the FAT
 * sectors listed in the header then in the DIFAT chain) and refuses such files first, so the
 * work msgreader then does is bounded by the size of the file.
 * @module
 */
import { MAX_MSG_STORAGE_DEPTH } from '../../core/limits.js';

const END_OF_CHAIN = -2;
const FREE_SECTOR = -1;
const NO_STREAM = -1;
const DIRECTORY_ENTRY_BYTES = 128;
const MINI_SECTOR_BYTES = 64;
/** Streams below this size live in the mini stream ([MS-CFB] 2.2, Mini Stream Cutoff Size). */
const MINI_STREAM_CUTOFF = 4096;
const HEADER_DIFAT_ENTRIES = 109;
const TYPE_STORAGE = 1;
const TYPE_STREAM = 2;
const TYPE_ROOT = 5;

class LayoutError extends Error {}

interface Layout {
  view: DataView;
  sectorBytes: number;
  sectorCount: number;
  perSector: number;
  fat: number[];
}

function int32(layout: Layout, offset: number): number {
  if (offset < 0 || offset + 4 > layout.view.byteLength) throw new LayoutError('a sector lies past the end of the file');
  return layout.view.getInt32(offset, true);
}

/** The next sector of a chain through a table of table-sectors (FAT or mini FAT), as msgreader reads it. */
function nextSector(layout: Layout, table: readonly number[], sector: number): number {
  const tableSector = table[Math.floor(sector / layout.perSector)];
  if (tableSector === undefined) return END_OF_CHAIN;
  return int32(layout, (tableSector + 1) * layout.sectorBytes + 4 * (sector % layout.perSector));
}

/**
 * Walks a chain to its end; refuses loops, sectors outside `0..sectors-1` and chains longer
 * than `maxLength`.
 */
function walkChain(layout: Layout, table: readonly number[], start: number, sectors: number, maxLength: number, what: string): number[] {
  const chain: number[] = [];
  const seen = new Set<number>();
  let sector = start;
  while (sector !== END_OF_CHAIN) {
    if (sector < 0 || sector >= sectors) throw new LayoutError(`the ${what} chain leaves the file`);
    if (seen.has(sector)) throw new LayoutError(`the ${what} chain loops`);
    if (chain.length >= maxLength) throw new LayoutError(`the ${what} chain is longer than its data`);
    seen.add(sector);
    chain.push(sector);
    sector = nextSector(layout, table, sector);
  }
  return chain;
}

function readFatSectors(layout: Layout, fatCount: number, difatStart: number, difatCount: number): number[] {
  const fat: number[] = [];
  for (let i = 0; i < Math.min(fatCount, HEADER_DIFAT_ENTRIES); i++) fat.push(int32(layout, 0x4c + 4 * i));
  let remaining = fatCount - fat.length;
  let sector = difatStart;
  const seen = new Set<number>();
  for (let i = 0; i < difatCount && remaining > 0; i++) {
    if (seen.has(sector)) throw new LayoutError('the DIFAT chain loops');
    seen.add(sector);
    const base = (sector + 1) * layout.sectorBytes;
    const take = Math.min(remaining, layout.perSector - 1);
    for (let j = 0; j < take; j++) {
      const entry = int32(layout, base + 4 * j);
      if (entry === FREE_SECTOR || entry === END_OF_CHAIN) break;
      fat.push(entry);
    }
    remaining -= take;
    sector = int32(layout, base + 4 * (layout.perSector - 1));
    if (sector === FREE_SECTOR || sector === END_OF_CHAIN) break;
  }
  return fat;
}

interface DirectoryEntry {
  type: number;
  left: number;
  right: number;
  child: number;
  start: number;
  size: number;
}

function readDirectory(layout: Layout, chain: readonly number[]): DirectoryEntry[] {
  const entries: DirectoryEntry[] = [];
  for (const sector of chain) {
    const base = (sector + 1) * layout.sectorBytes;
    for (let offset = base; offset < base + layout.sectorBytes; offset += DIRECTORY_ENTRY_BYTES) {
      if (offset + DIRECTORY_ENTRY_BYTES > layout.view.byteLength) throw new LayoutError('the directory lies past the end of the file');
      const type = layout.view.getUint8(offset + 0x42);
      const linked = type === TYPE_STORAGE || type === TYPE_STREAM || type === TYPE_ROOT;
      entries.push({
        type,
        left: linked ? int32(layout, offset + 0x44) : NO_STREAM,
        right: linked ? int32(layout, offset + 0x48) : NO_STREAM,
        child: linked ? int32(layout, offset + 0x4c) : NO_STREAM,
        start: int32(layout, offset + 0x74),
        size: int32(layout, offset + 0x78),
      });
    }
  }
  return entries;
}

/** Every entry reachable from the root, each once; refuses shared or looping links and deep nesting. */
function reachableEntries(entries: readonly DirectoryEntry[]): DirectoryEntry[] {
  const root = entries[0];
  if (!root || root.type !== TYPE_ROOT) throw new LayoutError('the directory has no root entry');
  const seen = new Set<number>([0]);
  const out: DirectoryEntry[] = [];
  const stack: { index: number; depth: number }[] = [];
  if (root.child !== NO_STREAM) stack.push({ index: root.child, depth: 1 });
  while (stack.length > 0) {
    const { index, depth } = stack.pop() as { index: number; depth: number };
    const entry = entries[index];
    if (!entry) throw new LayoutError('a directory link points outside the directory');
    if (seen.has(index)) throw new LayoutError('the directory tree loops');
    seen.add(index);
    out.push(entry);
    if (entry.left !== NO_STREAM) stack.push({ index: entry.left, depth });
    if (entry.right !== NO_STREAM) stack.push({ index: entry.right, depth });
    if (entry.type === TYPE_STORAGE && entry.child !== NO_STREAM) {
      if (depth >= MAX_MSG_STORAGE_DEPTH) throw new LayoutError(`storages are nested deeper than ${MAX_MSG_STORAGE_DEPTH} levels (MAX_MSG_STORAGE_DEPTH)`);
      stack.push({ index: entry.child, depth: depth + 1 });
    }
  }
  return out;
}

/**
 * Checks that msgreader can walk `bytes` in bounded time and memory. Returns null when it can,
 * else what is wrong. Never throws.
 */
export function validateCompoundFile(bytes: Uint8Array): string | null {
  try {
    if (bytes.byteLength < 512) return 'the file is shorter than a compound file header';
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const shift = view.getUint16(0x1e, true);
    if (shift !== 9 && shift !== 12) return 'the sector size is neither 512 nor 4096 bytes';
    const sectorBytes = 1 << shift;
    const sectorCount = Math.max(0, Math.ceil(bytes.byteLength / sectorBytes) - 1);
    const layout: Layout = { view, sectorBytes, sectorCount, perSector: sectorBytes / 4, fat: [] };
    const fatCount = view.getInt32(0x2c, true);
    const miniFatCount = view.getInt32(0x40, true);
    const difatCount = view.getInt32(0x48, true);
    if ([fatCount, miniFatCount, difatCount].some((n) => n < 0 || n > sectorCount)) return 'the header counts more sectors than the file has';
    layout.fat = readFatSectors(layout, fatCount, view.getInt32(0x44, true), difatCount);
    const directory = walkChain(layout, layout.fat, view.getInt32(0x30, true), sectorCount, sectorCount, 'directory');
    const entries = readDirectory(layout, directory);
    const reachable = reachableEntries(entries);
    const root = entries[0] as DirectoryEntry;
    const miniStream = walkChain(layout, layout.fat, root.start, sectorCount, sectorCount, 'mini stream');
    const miniSectors = (miniStream.length * sectorBytes) / MINI_SECTOR_BYTES;
    const miniFat: number[] = [];
    let sector = view.getInt32(0x3c, true);
    const seen = new Set<number>();
    for (let i = 0; i < miniFatCount && sector && sector !== END_OF_CHAIN; i++) {
      if (seen.has(sector)) return 'the mini FAT chain loops';
      seen.add(sector);
      miniFat.push(sector);
      sector = nextSector(layout, layout.fat, sector);
    }
    let total = 0;
    for (const entry of reachable) {
      if (entry.type !== TYPE_STREAM || entry.size === 0) continue;
      if (entry.size < 0) return 'a stream has a negative size';
      total += entry.size;
      if (total > bytes.byteLength) return 'the streams are larger than the file';
      if (entry.size < MINI_STREAM_CUTOFF) {
        walkChain(layout, miniFat, entry.start, miniSectors, Math.ceil(entry.size / MINI_SECTOR_BYTES), 'mini sector');
      }
    }
    return null;
  } catch (error) {
    if (error instanceof LayoutError) return error.message;
    return 'the compound file structure cannot be read';
  }
}
