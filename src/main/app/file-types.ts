/**
 * The file types the app opens, in one place: open-dialog filters here, file
 * associations in electron-builder.yml and the shared-mime-info XML in resources/.
 */
export const DIALOG_FILTERS = [
  { name: 'CT scans (InVesalius, DICOM, NIfTI)', extensions: ['inv3', 'dcm', 'nii', 'gz'] },
  { name: 'InVesalius project', extensions: ['inv3'] },
  { name: 'DICOM', extensions: ['dcm'] },
  { name: 'NIfTI', extensions: ['nii', 'gz'] },
  // DICOM files often have no extension at all.
  { name: 'All files', extensions: ['*'] },
];
