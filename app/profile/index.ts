// The submission profile's public entry point: schema, validation, store, vault, sample, migrations and export in one import.
export * from './schema';
export { validateProfile, profileWarnings, missingFields, missingFieldsOfDraft, completeness, type Purpose, type ValidationResult } from './validate';
export { ProfileStore, checkName, checkExportPassphrase, type ProfileSummary, type TrashEntry, type ProfileStoreOptions } from './store';
export {
  Vault,
  passphraseWrapper,
  isSealed,
  SCRYPT_DEFAULTS,
  VAULT_FILE,
  type KeyWrapper,
  type WrappingKind,
  type SecretContext,
  type ScryptParams,
} from './vault';
export { sampleProfile, blankProfile, SAMPLE_NAME, SAMPLE_SEED, SAMPLE_WEBITEL_HOST, SAMPLE_GATEWAY_URI } from './sample';
export { migrateProfile, MIGRATIONS, type RawProfile } from './migrations';
export { encryptExport, decryptExport, EXPORT_FORMAT } from './transfer';
export { parsePath, getAt, setAt, leafPaths } from './paths';
