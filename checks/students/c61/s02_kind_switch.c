/*
 * backward.c - two-layer net backward pass using the layer module.
 *
 * Design notes (see my report, section 2):
 *  - one struct layer for every kind of layer; the kind is an enum and
 *    layer_backward() dispatches on it with a switch
 *  - a context owns one scratch tensor per edge of the graph, allocated
 *    for this call and freed at the end; the gradients are copied out of
 *    the context into g once the whole table has run
 *  - the ReLU remembers its output, not its input (output > 0 exactly
 *    where input > 0, and the output is what the forward pass keeps)
 */

#include <stdlib.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

typedef struct
{
	size_t rows;
	size_t cols;
	size_t stride;
	double *data;
} Tensor;

typedef enum
{
	LAYER_DENSE,
	LAYER_RELU,
	LAYER_SOFTMAX_CROSS_ENTROPY
} LayerKind;

typedef struct Layer Layer;

struct Layer
{
	LayerKind kind;
	int (*backward)(Layer *self, const Tensor *dout, Tensor *din);
	const Tensor *savedInput;
	const Tensor *savedOutput;
	const Tensor *weights;
	Tensor *weightsGradient;
	Tensor *biasGradient;
	double penalty;
	const size_t *labels;
};

typedef struct
{
	Tensor input, hiddenPre, hiddenPost, scores, probabilities;
	Tensor weights1, weights2;
	Tensor dScores, dHiddenPost, dHiddenPre;
	Tensor dWeights1, dBias1, dWeights2, dBias2;
} Context;

static double *tensorPtr(const Tensor *t, size_t i, size_t j)
{
	return t->data + i * t->stride + j;
}

static Tensor tensorView(const gsl_matrix *m)
{
	Tensor t;
	t.rows = m->size1;
	t.cols = m->size2;
	t.stride = m->tda;
	t.data = m->data;
	return t;
}

static int tensorAlloc(Tensor *t, size_t rows, size_t cols)
{
	t->rows = rows;
	t->cols = cols;
	t->stride = cols;
	t->data = calloc(rows * cols, sizeof(double));
	return t->data == NULL ? -1 : 0;
}

static void tensorFree(Tensor *t)
{
	free(t->data);
	t->data = NULL;
}

static void copyToMatrix(const Tensor *t, gsl_matrix *m)
{
	size_t i, j;
	for (i = 0; i < t->rows; i++)
	{
		for (j = 0; j < t->cols; j++)
		{
			gsl_matrix_set(m, i, j, *tensorPtr(t, i, j));
		}
	}
}

static void copyToVector(const Tensor *t, gsl_vector *v)
{
	size_t j;
	for (j = 0; j < t->cols; j++)
	{
		gsl_vector_set(v, j, *tensorPtr(t, 0, j));
	}
}

static int denseBackward(Layer *self, const Tensor *dout, Tensor *din)
{
	const Tensor *x = self->savedInput;
	const Tensor *w = self->weights;
	size_t n = dout->rows, in = w->rows, out = w->cols;
	size_t i, j, k;

	for (j = 0; j < in; j++)
	{
		for (k = 0; k < out; k++)
		{
			double acc = 0.0;
			for (i = 0; i < n; i++)
			{
				acc += *tensorPtr(x, i, j) * *tensorPtr(dout, i, k);
			}
			*tensorPtr(self->weightsGradient, j, k) =
				acc + 2.0 * self->penalty * *tensorPtr(w, j, k);
		}
	}

	for (k = 0; k < out; k++)
	{
		double acc = 0.0;
		for (i = 0; i < n; i++)
		{
			acc += *tensorPtr(dout, i, k);
		}
		*tensorPtr(self->biasGradient, 0, k) = acc;
	}

	if (din == NULL)
	{
		return 0;
	}
	for (i = 0; i < n; i++)
	{
		for (j = 0; j < in; j++)
		{
			double acc = 0.0;
			for (k = 0; k < out; k++)
			{
				acc += *tensorPtr(dout, i, k) * *tensorPtr(w, j, k);
			}
			*tensorPtr(din, i, j) = acc;
		}
	}
	return 0;
}

static int reluBackward(Layer *self, const Tensor *dout, Tensor *din)
{
	size_t i, j;
	for (i = 0; i < dout->rows; i++)
	{
		for (j = 0; j < dout->cols; j++)
		{
			double alive = *tensorPtr(self->savedOutput, i, j) > 0.0;
			*tensorPtr(din, i, j) = alive * *tensorPtr(dout, i, j);
		}
	}
	return 0;
}

static int softmaxCrossEntropyBackward(Layer *self, const Tensor *dout, Tensor *din)
{
	const Tensor *p = self->savedOutput;
	size_t n = p->rows, i, j;
	double invN = 1.0 / (double) n;
	(void) dout;

	for (i = 0; i < n; i++)
	{
		for (j = 0; j < p->cols; j++)
		{
			*tensorPtr(din, i, j) = *tensorPtr(p, i, j) * invN;
		}
		*tensorPtr(din, i, self->labels[i]) -= invN;
	}
	return 0;
}

static int layerBackward(Layer *self, const Tensor *dout, Tensor *din)
{
	switch (self->kind)
	{
	case LAYER_DENSE:
		return denseBackward(self, dout, din);
	case LAYER_RELU:
		return reluBackward(self, dout, din);
	case LAYER_SOFTMAX_CROSS_ENTROPY:
		return softmaxCrossEntropyBackward(self, dout, din);
	}
	return -1;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	Context ctx;
	Layer layers[4];
	const Tensor *dout[4];
	Tensor *din[4];
	int status = 0;
	int idx;

	if (N != cache->N || X->size2 != D || g->N != N)
	{
		return 1;
	}

	ctx.input = tensorView(X);
	ctx.hiddenPre = tensorView(cache->z1);
	ctx.hiddenPost = tensorView(cache->p1);
	ctx.scores = tensorView(cache->z2);
	ctx.probabilities = tensorView(cache->prob);
	ctx.weights1 = tensorView(net->W1);
	ctx.weights2 = tensorView(net->W2);

	ctx.dScores.data = ctx.dHiddenPost.data = ctx.dHiddenPre.data = NULL;
	ctx.dWeights1.data = ctx.dBias1.data = NULL;
	ctx.dWeights2.data = ctx.dBias2.data = NULL;
	if (tensorAlloc(&ctx.dScores, N, C) || tensorAlloc(&ctx.dHiddenPost, N, H)
	    || tensorAlloc(&ctx.dHiddenPre, N, H) || tensorAlloc(&ctx.dWeights1, D, H)
	    || tensorAlloc(&ctx.dBias1, 1, H) || tensorAlloc(&ctx.dWeights2, H, C)
	    || tensorAlloc(&ctx.dBias2, 1, C))
	{
		status = -1;
		goto cleanup;
	}

	layers[0].kind = LAYER_DENSE;
	layers[0].savedInput = &ctx.input;
	layers[0].savedOutput = &ctx.hiddenPre;
	layers[0].weights = &ctx.weights1;
	layers[0].weightsGradient = &ctx.dWeights1;
	layers[0].biasGradient = &ctx.dBias1;
	layers[0].penalty = reg;
	layers[0].labels = NULL;

	layers[1].kind = LAYER_RELU;
	layers[1].savedInput = &ctx.hiddenPre;
	layers[1].savedOutput = &ctx.hiddenPost;
	layers[1].weights = NULL;
	layers[1].weightsGradient = layers[1].biasGradient = NULL;
	layers[1].penalty = 0.0;
	layers[1].labels = NULL;

	layers[2].kind = LAYER_DENSE;
	layers[2].savedInput = &ctx.hiddenPost;
	layers[2].savedOutput = &ctx.scores;
	layers[2].weights = &ctx.weights2;
	layers[2].weightsGradient = &ctx.dWeights2;
	layers[2].biasGradient = &ctx.dBias2;
	layers[2].penalty = reg;
	layers[2].labels = NULL;

	layers[3].kind = LAYER_SOFTMAX_CROSS_ENTROPY;
	layers[3].savedInput = &ctx.scores;
	layers[3].savedOutput = &ctx.probabilities;
	layers[3].weights = NULL;
	layers[3].weightsGradient = layers[3].biasGradient = NULL;
	layers[3].penalty = 0.0;
	layers[3].labels = y;

	/* edges: what flows into each layer from above, and what it sends down */
	dout[3] = NULL;              din[3] = &ctx.dScores;
	dout[2] = &ctx.dScores;      din[2] = &ctx.dHiddenPost;
	dout[1] = &ctx.dHiddenPost;  din[1] = &ctx.dHiddenPre;
	dout[0] = &ctx.dHiddenPre;   din[0] = NULL;

	for (idx = 3; idx >= 0; idx--)
	{
		layers[idx].backward = layerBackward;
		status = layers[idx].backward(&layers[idx], dout[idx], din[idx]);
		if (status != 0)
		{
			goto cleanup;
		}
	}

	copyToMatrix(&ctx.dScores, g->dz2);
	copyToMatrix(&ctx.dWeights2, g->dW2);
	copyToVector(&ctx.dBias2, g->db2);
	copyToMatrix(&ctx.dHiddenPost, g->dp1);
	copyToMatrix(&ctx.dHiddenPre, g->dz1);
	copyToMatrix(&ctx.dWeights1, g->dW1);
	copyToVector(&ctx.dBias1, g->db1);
	g->present = BP_GRADS_ALL;

cleanup:
	tensorFree(&ctx.dScores);
	tensorFree(&ctx.dHiddenPost);
	tensorFree(&ctx.dHiddenPre);
	tensorFree(&ctx.dWeights1);
	tensorFree(&ctx.dBias1);
	tensorFree(&ctx.dWeights2);
	tensorFree(&ctx.dBias2);
	return status;
}
