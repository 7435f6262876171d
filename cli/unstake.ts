/** `aergo unstake AMOUNT --from NAME`: returns staked AERGO to the balance. */
import { stakeCommand } from "./stakeCommand.ts";

export const command = stakeCommand("unstake");
