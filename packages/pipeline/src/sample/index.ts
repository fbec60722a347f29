export { Random } from "./random";
export {
  type GeneratedFile,
  type GeneratedWinery,
  generateWinery,
  WINERY_FILE_ENCODINGS,
  WINERY_FILE_HEADERS,
  type WineryFacts,
  type WineryFileName,
  type WineryOptions,
  writeWineryFiles,
} from "./winery";
