/* backward.c -- two-layer net backward pass on the "seq" framework.
 *
 * seq builds a model as a sequence of small layers appended in order
 * (seq_append) and runs backprop by walking the sequence from the end.
 * The affine map is two layers, MATMUL (x W) and BIAS (+ b), the same way
 * the framework's forward does it.  A BIAS layer does not change the
 * gradient, so its din is the very tensor it got as dout.
 *
 * Every gradient tensor is wired to g directly.  Like zero_grad() in the
 * big frameworks, all gradients are cleared before the walk.
 */

#include <stddef.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define SEQ_MAX 8

struct tensor {
	size_t rows, cols, stride;
	double *data;
};

#define TAT(t, i, j) ((t)->data[(i) * (t)->stride + (j)])

enum layer_type { MATMUL, BIAS, RELU, SOFTMAX_XENT };

struct layer {
	enum layer_type type;
	int (*backward)(struct layer *self, const struct tensor *dout,
			struct tensor *din);
	const struct tensor *dout;
	struct tensor *din;
	struct tensor input;		/* MATMUL, RELU: saved input */
	struct tensor output;		/* SOFTMAX_XENT: saved probabilities */
	struct tensor param, grad;	/* MATMUL: W, dW; BIAS: -, db */
	double decay;
	const size_t *labels;
};

struct seq {
	struct layer layers[SEQ_MAX];
	int count;
};

static struct tensor tensor_of_matrix(const gsl_matrix *m)
{
	struct tensor t = { m->size1, m->size2, m->tda, m->data };
	return t;
}

static struct tensor tensor_of_vector(const gsl_vector *v)
{
	struct tensor t = { 1, v->size, v->size, v->data };
	return t;
}

static int seq_append(struct seq *s, struct layer l)
{
	if (s->count == SEQ_MAX)
		return -1;
	s->layers[s->count++] = l;
	return 0;
}

static int matmul_backward(struct layer *self, const struct tensor *dout,
			   struct tensor *din)
{
	size_t n = dout->rows, i, j, k;

	for (j = 0; j < self->param.rows; j++)
		for (k = 0; k < self->param.cols; k++) {
			double s = 2.0 * self->decay * TAT(&self->param, j, k);
			for (i = 0; i < n; i++)
				s += TAT(&self->input, i, j) * TAT(dout, i, k);
			TAT(&self->grad, j, k) = s;
		}
	if (din)
		for (i = 0; i < n; i++)
			for (j = 0; j < self->param.rows; j++) {
				double s = 0.0;
				for (k = 0; k < self->param.cols; k++)
					s += TAT(dout, i, k) * TAT(&self->param, j, k);
				TAT(din, i, j) = s;
			}
	return 0;
}

static int bias_backward(struct layer *self, const struct tensor *dout,
			 struct tensor *din)
{
	size_t i, k;

	(void)din;		/* == dout */
	for (k = 0; k < dout->cols; k++) {
		double s = 0.0;
		for (i = 0; i < dout->rows; i++)
			s += TAT(dout, i, k);
		TAT(&self->grad, 0, k) = s;
	}
	return 0;
}

static int relu_backward(struct layer *self, const struct tensor *dout,
			 struct tensor *din)
{
	size_t i, j;

	for (i = 0; i < dout->rows; i++)
		for (j = 0; j < dout->cols; j++)
			TAT(din, i, j) = TAT(&self->input, i, j) > 0.0 ?
				TAT(dout, i, j) : 0.0;
	return 0;
}

static int softmax_xent_backward(struct layer *self, const struct tensor *dout,
				 struct tensor *din)
{
	size_t n = self->output.rows, i, j;

	(void)dout;
	for (i = 0; i < n; i++)
		for (j = 0; j < self->output.cols; j++)
			TAT(din, i, j) = (TAT(&self->output, i, j) -
					  (j == self->labels[i] ? 1.0 : 0.0)) / (double)n;
	return 0;
}

static void zero_grad(bp_grads *g)
{
	gsl_matrix_set_zero(g->dz2);
	gsl_matrix_set_zero(g->dp1);
	gsl_matrix_set_zero(g->dz1);
	gsl_vector_set_zero(g->dtheta);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	struct seq model = { .count = 0 };
	struct tensor dz2, dp1, dz1;
	int i, rc = 0;

	if (X->size1 != cache->N || X->size2 != net->D || g->N != cache->N)
		return 1;

	zero_grad(g);
	dz2 = tensor_of_matrix(g->dz2);
	dp1 = tensor_of_matrix(g->dp1);
	dz1 = tensor_of_matrix(g->dz1);

	rc |= seq_append(&model, (struct layer) {
		.type = MATMUL, .backward = matmul_backward,
		.dout = &dz1, .din = NULL,
		.input = tensor_of_matrix(X),
		.param = tensor_of_matrix(net->W1), .grad = tensor_of_matrix(g->dW1),
		.decay = reg });
	rc |= seq_append(&model, (struct layer) {
		.type = RELU, .backward = relu_backward,
		.dout = &dp1, .din = &dz1,
		.input = tensor_of_matrix(cache->z1) });
	rc |= seq_append(&model, (struct layer) {
		.type = BIAS, .backward = bias_backward,
		.dout = &dz1, .din = &dz1,
		.grad = tensor_of_vector(g->db1) });
	rc |= seq_append(&model, (struct layer) {
		.type = MATMUL, .backward = matmul_backward,
		.dout = &dz2, .din = &dp1,
		.input = tensor_of_matrix(cache->p1),
		.param = tensor_of_matrix(net->W2), .grad = tensor_of_matrix(g->dW2),
		.decay = reg });
	rc |= seq_append(&model, (struct layer) {
		.type = BIAS, .backward = bias_backward,
		.dout = &dz2, .din = &dz2,
		.grad = tensor_of_vector(g->db2) });
	rc |= seq_append(&model, (struct layer) {
		.type = SOFTMAX_XENT, .backward = softmax_xent_backward,
		.dout = NULL, .din = &dz2,
		.output = tensor_of_matrix(cache->prob), .labels = y });
	if (rc)
		return 1;

	for (i = model.count - 1; i >= 0; i--) {
		struct layer *l = &model.layers[i];
		rc = l->backward(l, l->dout, l->din);
		if (rc)
			return rc;
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
