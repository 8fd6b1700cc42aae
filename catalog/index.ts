// The detection catalog and its compiler: the data every consumer (stacks, notifier, CLI, tests) reads.
export * from './types';
export { DETECTION_CATALOG, findDetection } from './detections';
export { compileDetections, compiledDetectionProblems, DetectionConfigError } from './compile';
