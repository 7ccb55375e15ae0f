#pragma once
// Umbrella header of nnm/data. Data: input laws, teacher networks, CSV, .npy and HDF5 data sets,
// sample streams and their deterministic reduction, model and truth files, atomic output files.
#include "nnm/data/atomic_file.hpp"
#include "nnm/data/block_reduce.hpp"
#include "nnm/data/data_file.hpp"
#include "nnm/data/dataset.hpp"
#include "nnm/data/distributions.hpp"
#include "nnm/data/file_list_source.hpp"
#include "nnm/data/file_lock.hpp"
#include "nnm/data/hdf5.hpp"
#include "nnm/data/held_source.hpp"
#include "nnm/data/model_io.hpp"
#include "nnm/data/npy.hpp"
#include "nnm/data/sample_source.hpp"
#include "nnm/data/shard_source.hpp"
#include "nnm/data/teacher.hpp"
