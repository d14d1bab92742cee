// The seed every shipped dataset is generated from (npm run datasets); base-models reuses it
// for the levels it generates in memory.
export const DATASET_SEED = 20261123;
