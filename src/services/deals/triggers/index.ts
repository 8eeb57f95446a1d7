/**
 * The stage-entry triggers the app runs (see ../stage-entry.ts). Add one by writing a file here
 * that exports a `StageEntryTrigger` and listing it below.
 * @module
 */
import type { StageEntryTrigger } from '../stage-entry.ts';
import { notifyStageRole } from './notify-stage-role.ts';

export const stageEntryTriggers: readonly StageEntryTrigger[] = [notifyStageRole];
