export type CheckLevel = 'ok' | 'warn' | 'fail' | 'info'

export interface CheckLine {
  level: CheckLevel
  message: string
  hint?: string
}

export interface CheckSection {
  title: string
  lines: CheckLine[]
}

export const ok = (message: string): CheckLine => ({ level: 'ok', message })
export const info = (message: string, hint?: string): CheckLine => ({ level: 'info', message, hint })
export const warn = (message: string, hint?: string): CheckLine => ({ level: 'warn', message, hint })
export const fail = (message: string, hint?: string): CheckLine => ({ level: 'fail', message, hint })
