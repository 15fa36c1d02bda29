/** Vite inlines `?raw` imports as strings: how worker tests (inside workerd, no filesystem) read fixtures. */
declare module '*?raw' {
  const text: string
  export default text
}
