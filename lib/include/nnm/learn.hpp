#pragma once
// Umbrella header of nnm/learn. The gradient learner: student networks, optimisers, training with
// callbacks, student files.
#include "nnm/learn/callbacks.hpp"
#include "nnm/learn/optimizer.hpp"
#include "nnm/learn/student.hpp"
#include "nnm/learn/student_io.hpp"
#include "nnm/learn/train.hpp"
