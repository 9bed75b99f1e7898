/* backward.c - backward pass for the 2-layer net, with the layer system.
 *
 * All intermediate gradients live in one arena owned by the call (one
 * calloc, carved into tensors).  Layers are structs with a backward
 * function pointer; the net is the table fc1, relu, fc2, loss, walked
 * from the loss.  When the walk is done the arena is copied into g.
 */

#include <stdlib.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

struct tensor {
	size_t rows;
	size_t cols;
	size_t stride;
	double *data;
};

#define AT(t, r, c)	((t)->data[(r) * (t)->stride + (c)])

struct layer;
typedef int (*backward_func)(struct layer *self, const struct tensor *dout,
			     struct tensor *din);

struct layer {
	const char *name;
	backward_func backward;
	struct tensor in, out;
	struct tensor w, dw, db;
	double reg;
	const size_t *labels;
};

static struct tensor tensor_on(const gsl_matrix *m)
{
	struct tensor t = { m->size1, m->size2, m->tda, m->data };
	return t;
}

/* carve a rows x cols tensor off the arena, advance the arena pointer */
static struct tensor tensor_carve(double **arena, size_t rows, size_t cols)
{
	struct tensor t = { rows, cols, cols, *arena };
	*arena += rows * cols;
	return t;
}

static void tensor_to_matrix(const struct tensor *t, gsl_matrix *m)
{
	gsl_matrix_const_view v =
		gsl_matrix_const_view_array_with_tda(t->data, t->rows, t->cols,
						     t->stride);
	gsl_matrix_memcpy(m, &v.matrix);
}

static void tensor_to_vector(const struct tensor *t, gsl_vector *v)
{
	gsl_vector_const_view r = gsl_vector_const_view_array(t->data, t->cols);
	gsl_vector_memcpy(v, &r.vector);
}

static int fc_backward(struct layer *self, const struct tensor *dout,
		       struct tensor *din)
{
	size_t n = dout->rows, i, j, k;

	for (j = 0; j < self->w.rows; j++)
		for (k = 0; k < self->w.cols; k++) {
			double s = 0.0;
			for (i = 0; i < n; i++)
				s += AT(&self->in, i, j) * AT(dout, i, k);
			AT(&self->dw, j, k) = s + 2.0 * self->reg * AT(&self->w, j, k);
		}

	for (k = 0; k < self->w.cols; k++) {
		double s = 0.0;
		for (i = 0; i < n; i++)
			s += AT(dout, i, k);
		AT(&self->db, 0, k) = s;
	}

	if (din == NULL)
		return 0;
	for (i = 0; i < n; i++)
		for (j = 0; j < self->w.rows; j++) {
			double s = 0.0;
			for (k = 0; k < self->w.cols; k++)
				s += AT(dout, i, k) * AT(&self->w, j, k);
			AT(din, i, j) = s;
		}
	return 0;
}

/* relu passes the gradient where it is positive, blocks it elsewhere */
static int relu_backward(struct layer *self, const struct tensor *dout,
			 struct tensor *din)
{
	size_t i, j;

	(void)self;
	for (i = 0; i < dout->rows; i++)
		for (j = 0; j < dout->cols; j++)
			AT(din, i, j) = AT(dout, i, j) > 0.0 ? AT(dout, i, j) : 0.0;
	return 0;
}

static int loss_backward(struct layer *self, const struct tensor *dout,
			 struct tensor *din)
{
	size_t n = self->out.rows, i, c;

	(void)dout;
	for (i = 0; i < n; i++)
		for (c = 0; c < self->out.cols; c++)
			AT(din, i, c) = (AT(&self->out, i, c)
					 - (c == self->labels[i] ? 1.0 : 0.0)) / (double)n;
	return 0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t total = N * C + 2 * N * H + D * H + H + H * C + C;
	struct layer table[4] = { { 0 } };
	struct tensor dz2, dp1, dz1;
	double *arena, *next;
	int k, rc = 0;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	arena = calloc(total, sizeof *arena);
	if (arena == NULL)
		return 1;
	next = arena;

	dz2 = tensor_carve(&next, N, C);
	dp1 = tensor_carve(&next, N, H);
	dz1 = tensor_carve(&next, N, H);

	table[0].name = "fc1";
	table[0].backward = fc_backward;
	table[0].in = tensor_on(X);
	table[0].out = tensor_on(cache->z1);
	table[0].w = tensor_on(net->W1);
	table[0].dw = tensor_carve(&next, D, H);
	table[0].db = tensor_carve(&next, 1, H);
	table[0].reg = reg;

	table[1].name = "relu";
	table[1].backward = relu_backward;
	table[1].in = tensor_on(cache->z1);
	table[1].out = tensor_on(cache->p1);

	table[2].name = "fc2";
	table[2].backward = fc_backward;
	table[2].in = tensor_on(cache->p1);
	table[2].out = tensor_on(cache->z2);
	table[2].w = tensor_on(net->W2);
	table[2].dw = tensor_carve(&next, H, C);
	table[2].db = tensor_carve(&next, 1, C);
	table[2].reg = reg;

	table[3].name = "loss";
	table[3].backward = loss_backward;
	table[3].in = tensor_on(cache->z2);
	table[3].out = tensor_on(cache->prob);
	table[3].labels = y;

	{
		const struct tensor *dout[4] = { &dz1, &dp1, &dz2, NULL };
		struct tensor *din[4] = { NULL, &dz1, &dp1, &dz2 };

		for (k = 3; k >= 0 && rc == 0; k--)
			rc = table[k].backward(&table[k], dout[k], din[k]);
	}

	if (rc == 0) {
		tensor_to_matrix(&dz2, g->dz2);
		tensor_to_matrix(&table[2].dw, g->dW2);
		tensor_to_vector(&table[2].db, g->db2);
		tensor_to_matrix(&dp1, g->dp1);
		tensor_to_matrix(&dz1, g->dz1);
		tensor_to_matrix(&table[0].dw, g->dW1);
		tensor_to_vector(&table[0].db, g->db1);
		g->present = BP_GRADS_ALL;
	}
	free(arena);
	return rc;
}
