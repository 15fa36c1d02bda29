import { isPlistDict, parsePlistXml, serializePlistXml, type PlistDict } from './plist-xml'

/**
 * Entitlements an ad-hoc signature cannot keep: they name the vendor's team, and macOS kills an app that claims
 * them without a matching provisioning profile. Library validation goes off so that the vendor-signed frameworks
 * still load into the re-signed app (the careful third-party patcher in reference/opencode-and-desktop.md §2.2).
 */
const DROPPED_KEYS = [
  'application-identifier',
  'com.apple.application-identifier',
  'keychain-access-groups',
  'com.apple.security.application-groups',
]
const DROPPED_PREFIX = 'com.apple.developer.'
const DISABLE_LIBRARY_VALIDATION = 'com.apple.security.cs.disable-library-validation'

export interface AdHocEntitlements {
  xml: string
  dropped: string[]
}

/** `codesign -d --entitlements - --xml` output (or '' for none), turned into what the ad-hoc signature gets. */
export function adHocEntitlements(currentXml: string): AdHocEntitlements {
  const current = currentXml.trim() === '' ? {} : parsePlistXml(currentXml)
  if (!isPlistDict(current)) throw new Error('the entitlements are not a dictionary')
  const kept: PlistDict = {}
  const dropped: string[] = []
  for (const [key, value] of Object.entries(current)) {
    if (DROPPED_KEYS.includes(key) || key.startsWith(DROPPED_PREFIX)) dropped.push(key)
    else kept[key] = value
  }
  kept[DISABLE_LIBRARY_VALIDATION] = true
  return { xml: serializePlistXml(kept), dropped }
}
