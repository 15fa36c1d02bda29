import { lazyPackage } from '../lazy-package'

/** Miniflare, loaded when the gateway starts (~0.25 s of compiling that no other command pays); see lazyPackage. */
export const loadMiniflare = lazyPackage<typeof import('miniflare')>('miniflare')
