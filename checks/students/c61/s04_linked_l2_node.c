// backward.c -- two-layer net, backward pass, on the graph-of-layers
// framework from the lab.
//
// The layers sit in a doubly linked list (head = first layer, tail = the
// loss).  Backprop starts at the tail and follows ->prev.  Weight decay is
// its own node in the list, placed right after the layer whose weights it
// penalises: walking backwards it runs first and seeds the weight gradient
// with 2 * reg * W, and the dense layer then adds x' dout on top.
//
// Gradients are computed in scratch tensors owned by this call and copied
// into g at the end.

#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

typedef struct tensor {
	size_t rows, cols, stride;
	double *data;
} tensor;

static double *row_of(const tensor *t, size_t i)
{
	return t->data + i * t->stride;
}

static tensor wrap_matrix(const gsl_matrix *m)
{
	tensor t = { m->size1, m->size2, m->tda, m->data };
	return t;
}

static int scratch(tensor *t, size_t rows, size_t cols)
{
	t->rows = rows;
	t->cols = cols;
	t->stride = cols;
	t->data = malloc(rows * cols * sizeof *t->data);
	return t->data ? 0 : -1;
}

// copy a tensor into a GSL matrix of the same shape
static void store(const tensor *t, gsl_matrix *m)
{
	gsl_matrix_view v = gsl_matrix_view_array_with_tda(t->data, t->rows,
							   t->cols, t->stride);
	gsl_matrix_memcpy(m, &v.matrix);
}

static void store_row(const tensor *t, gsl_vector *v)
{
	size_t j;
	for (j = 0; j < t->cols; j++)
		gsl_vector_set(v, j, t->data[j]);
}

typedef struct layer layer;
typedef int (*backward_fn)(layer *self, const tensor *dout, tensor *din);

struct layer {
	const char *name;
	backward_fn backward;
	layer *prev, *next;
	tensor *grad_in;	// gradient wrt this layer's input (NULL: none)
	tensor *grad_out;	// gradient wrt its output, written by ->next
	tensor input, output;
	tensor weights, biases;
	tensor *weights_grad, *biases_grad;
	double decay;		// l2 node only
	layer *target;		// l2 node: the layer it penalises
	const size_t *labels;
};

static int l2_backward(layer *self, const tensor *dout, tensor *din)
{
	const tensor *w = &self->target->weights;
	tensor *dw = self->target->weights_grad;
	size_t i, j;
	(void) dout;
	(void) din;
	for (i = 0; i < w->rows; i++) {
		const double *wr = row_of(w, i);
		double *dr = row_of(dw, i);
		for (j = 0; j < w->cols; j++)
			dr[j] = 2.0 * self->decay * wr[j];
	}
	return 0;
}

// the l2 node already put the penalty into weights_grad: add to it
static int dense_backward(layer *self, const tensor *dout, tensor *din)
{
	tensor *dw = self->weights_grad, *db = self->biases_grad;
	const tensor *x = &self->input, *w = &self->weights;
	size_t n, i, j, k;

	for (n = 0; n < dout->rows; n++) {
		const double *xr = row_of(x, n), *gr = row_of(dout, n);
		for (i = 0; i < w->rows; i++) {
			double *dr = row_of(dw, i);
			for (j = 0; j < w->cols; j++)
				dr[j] += xr[i] * gr[j];
		}
	}

	memset(db->data, 0, db->cols * sizeof(double));
	for (n = 0; n < dout->rows; n++) {
		const double *gr = row_of(dout, n);
		for (j = 0; j < dout->cols; j++)
			db->data[j] += gr[j];
	}

	if (!din)
		return 0;
	for (n = 0; n < dout->rows; n++) {
		const double *gr = row_of(dout, n);
		double *dr = row_of(din, n);
		for (i = 0; i < w->rows; i++) {
			const double *wr = row_of(w, i);
			double s = 0.0;
			for (k = 0; k < w->cols; k++)
				s += gr[k] * wr[k];
			dr[i] = s;
		}
	}
	return 0;
}

static int relu_backward(layer *self, const tensor *dout, tensor *din)
{
	size_t n, j;
	for (n = 0; n < dout->rows; n++) {
		const double *zr = row_of(&self->input, n), *gr = row_of(dout, n);
		double *dr = row_of(din, n);
		for (j = 0; j < dout->cols; j++)
			dr[j] = zr[j] > 0.0 ? gr[j] : 0.0;
	}
	return 0;
}

static int xent_backward(layer *self, const tensor *dout, tensor *din)
{
	size_t n, j, batch = self->output.rows;
	(void) dout;
	for (n = 0; n < batch; n++) {
		const double *pr = row_of(&self->output, n);
		double *dr = row_of(din, n);
		for (j = 0; j < self->output.cols; j++)
			dr[j] = (pr[j] - (j == self->labels[n])) / (double)batch;
	}
	return 0;
}

static void link_layers(layer **chain, int count)
{
	int i;
	for (i = 0; i < count; i++) {
		chain[i]->prev = i > 0 ? chain[i - 1] : NULL;
		chain[i]->next = i + 1 < count ? chain[i + 1] : NULL;
	}
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	layer fc1, decay1, relu, fc2, decay2, loss;
	layer *chain[6] = { &fc1, &decay1, &relu, &fc2, &decay2, &loss };
	tensor dz2, dp1, dz1, dw1, db1, dw2, db2;
	layer *l;
	int err = 0;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	memset(&fc1, 0, sizeof fc1);
	memset(&decay1, 0, sizeof decay1);
	memset(&relu, 0, sizeof relu);
	memset(&fc2, 0, sizeof fc2);
	memset(&decay2, 0, sizeof decay2);
	memset(&loss, 0, sizeof loss);

	dz2.data = dp1.data = dz1.data = NULL;
	dw1.data = db1.data = dw2.data = db2.data = NULL;
	if (scratch(&dz2, N, C) || scratch(&dp1, N, H) || scratch(&dz1, N, H) ||
	    scratch(&dw1, D, H) || scratch(&db1, 1, H) ||
	    scratch(&dw2, H, C) || scratch(&db2, 1, C)) {
		err = -1;
		goto out;
	}

	fc1.name = "fc1";
	fc1.backward = dense_backward;
	fc1.input = wrap_matrix(X);
	fc1.weights = wrap_matrix(net->W1);
	fc1.weights_grad = &dw1;
	fc1.biases_grad = &db1;
	fc1.grad_out = &dz1;
	fc1.grad_in = NULL;

	decay1.name = "l2(fc1)";
	decay1.backward = l2_backward;
	decay1.target = &fc1;
	decay1.decay = reg;

	relu.name = "relu";
	relu.backward = relu_backward;
	relu.input = wrap_matrix(cache->z1);
	relu.output = wrap_matrix(cache->p1);
	relu.grad_out = &dp1;
	relu.grad_in = &dz1;

	fc2.name = "fc2";
	fc2.backward = dense_backward;
	fc2.input = wrap_matrix(cache->p1);
	fc2.weights = wrap_matrix(net->W2);
	fc2.weights_grad = &dw2;
	fc2.biases_grad = &db2;
	fc2.grad_out = &dz2;
	fc2.grad_in = &dp1;

	decay2.name = "l2(fc2)";
	decay2.backward = l2_backward;
	decay2.target = &fc2;
	decay2.decay = reg;

	loss.name = "softmax-xent";
	loss.backward = xent_backward;
	loss.input = wrap_matrix(cache->z2);
	loss.output = wrap_matrix(cache->prob);
	loss.labels = y;
	loss.grad_out = NULL;
	loss.grad_in = &dz2;

	link_layers(chain, 6);

	for (l = &loss; l != NULL; l = l->prev) {
		err = l->backward(l, l->grad_out, l->grad_in);
		if (err)
			goto out;
	}

	store(&dz2, g->dz2);
	store(&dw2, g->dW2);
	store_row(&db2, g->db2);
	store(&dp1, g->dp1);
	store(&dz1, g->dz1);
	store(&dw1, g->dW1);
	store_row(&db1, g->db1);
	g->present = BP_GRADS_ALL;

out:
	free(dz2.data);
	free(dp1.data);
	free(dz1.data);
	free(dw1.data);
	free(db1.data);
	free(dw2.data);
	free(db2.data);
	return err;
}
