/**
 * Renderer entry: the app shell over the API the preload exposed as window.hounsfield
 * (in the browser test host, an HTTP-backed build of the same createApi).
 */
import { API_GLOBAL, type HounsfieldApi } from '../shared/api';
import { startApp } from './app/app';

const root = document.getElementById('app')!;
const api = (window as unknown as Record<string, HounsfieldApi | undefined>)[API_GLOBAL];
if (api) {
  startApp(root, api);
} else {
  root.textContent = 'Hounsfield could not start: the preload API is missing.';
}
