/** `aergo stake AMOUNT --from NAME`: locks AERGO as stake, which gives votes their weight. */
import { stakeCommand } from "./stakeCommand.ts";

export const command = stakeCommand("stake");
