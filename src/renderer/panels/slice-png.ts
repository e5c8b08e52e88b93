/**
 * The slice as a PNG file: its voxels enlarged without smoothing (each stays one flat square),
 * the marks drawn again at the file's resolution, and the patient directions at the edges, so a
 * saved slice still says which way it faces.
 */
import { SliceMarks } from './slice-marks';

export interface SliceEdges {
  left: string;
  right: string;
  top: string;
  bottom: string;
}

/**
 * `image`: the slice canvas (one pixel per voxel); `width` × `height`: the file's size in pixels
 * (the slice's mm proportions); `drawMarks`: draws the measurements, ruler or ROI on the layer given.
 */
export function slicePng(image: HTMLCanvasElement, width: number, height: number, edges: SliceEdges, drawMarks: (marks: SliceMarks) => void): Promise<Blob> {
  const out = document.createElement('canvas');
  out.width = width;
  out.height = height;
  const ctx = out.getContext('2d')!;
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(image, 0, 0, width, height);
  const marks = new SliceMarks();
  marks.resize(width, height, image.width, 1);
  drawMarks(marks);
  ctx.drawImage(marks.canvas, 0, 0);
  ctx.font = '600 14px system-ui, sans-serif';
  ctx.fillStyle = '#ffd24a';
  ctx.shadowColor = '#000';
  ctx.shadowBlur = 3;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.fillText(edges.left, 6, height / 2);
  ctx.textAlign = 'right';
  ctx.fillText(edges.right, width - 6, height / 2);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillText(edges.top, width / 2, 4);
  ctx.textBaseline = 'bottom';
  ctx.fillText(edges.bottom, width / 2, height - 4);
  return new Promise((resolve, reject) => out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be made'))), 'image/png'));
}
