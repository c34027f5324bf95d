// The review texts' public entry point: generating, editing, instructions and Markdown output in one import.
export { generateTexts, generatedList, descriptionId, type GeneratedText, type GeneratedTexts, type GenerateOptions, type TextId } from './generate';
export { resolveTexts, resolveText, setOverride, resetOverride, orphanOverrides, exportTexts, type ResolvedText, type ExportedTexts } from './overrides';
export { renderTextsMarkdown, textFiles, textFileName } from './markdown';
export {
  defaultInstructionSteps,
  instructionStepsFromCaptions,
  renderReviewerInstructions,
  CaptionStepSchema,
  type CaptionStep,
  type CaptionOptions,
  type InstructionStep,
} from './instructions';
export { textFacts, textsMissingFields, placeholdersIn, type TextFacts } from './facts';
export { contentHash } from './hash';
