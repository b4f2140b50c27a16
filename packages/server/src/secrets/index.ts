export { createSecretBox, loadSecretsKey, SecretsKeyError, type SecretBox } from './secret-box.js';
export { mapSecrets, sealCollection, type SecretPaths } from './sealed-collection.js';
