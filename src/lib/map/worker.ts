// MapLibre's worker must be given to it explicitly under Vite (its default lookup fails).
// https://maplibre.org/maplibre-gl-js/docs/API/functions/setWorkerUrl/
import { setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

setWorkerUrl(workerUrl);
