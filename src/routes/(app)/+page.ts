// The map needs WebGL and the DOM: it renders in the browser only.
export const ssr = false;
