/* hw3 backward.  One helper does the backward of an affine layer
 * out = in * W + b, so both layers go through the same code.
 */
#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void matmul(const double *A, const double *B, double *C, int m, int k, int n)
{
	for (int i = 0; i < m; i++)
		for (int j = 0; j < n; j++) {
			double s = 0.0;
			for (int p = 0; p < k; p++)
				s += A[i*k + p] * B[p*n + j];
			C[i*n + j] = s;
		}
}

static void transpose(const double *A, double *T, int m, int n)
{
	for (int i = 0; i < m; i++)
		for (int j = 0; j < n; j++)
			T[j*m + i] = A[i*n + j];
}

/* dout (n x o), in (n x i), W (i x o)
 * -> din = dout W^T (n x i), dW = in^T dout (i x o), db = colsum dout (o)
 * din may be NULL */
static void affine_back(const double *dout, const double *in, const double *W,
			double *din, double *dW, double *db, int n, int ni, int no)
{
	double *inT = malloc(sizeof(double) * ni * n);
	transpose(in, inT, n, ni);
	matmul(inT, dout, dW, ni, n, no);
	free(inT);

	for (int j = 0; j < no; j++) {
		db[j] = 0.0;
		for (int r = 0; r < n; r++)
			db[j] += dout[r*no + j];
	}

	if (din) {
		double *WT = malloc(sizeof(double) * no * ni);
		transpose(W, WT, ni, no);
		matmul(dout, WT, din, n, no, ni);
		free(WT);
	}
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	const int n = X->size1, d = net->D, h = net->H, c = net->C;
	double *dz2 = g->dz2->data, *dz1 = g->dz1->data;

	/* softmax loss */
	for (int i = 0; i < n; i++)
		for (int j = 0; j < c; j++)
			dz2[i*c + j] = cache->prob->data[i*c + j] / n;
	for (int i = 0; i < n; i++)
		dz2[i*c + y[i]] -= 1.0 / n;

	/* second layer: its input is the hidden layer */
	affine_back(dz2, cache->z1->data, net->W2->data, g->dp1->data,
		    g->dW2->data, g->db2->data, n, h, c);

	/* relu */
	for (int i = 0; i < n*h; i++)
		dz1[i] = cache->z1->data[i] > 0 ? g->dp1->data[i] : 0.0;

	/* first layer, no din needed */
	affine_back(dz1, X->data, net->W1->data, NULL,
		    g->dW1->data, g->db1->data, n, d, h);

	/* regularization */
	for (int i = 0; i < h*c; i++)
		g->dW2->data[i] += 2 * reg * net->W2->data[i];
	for (int i = 0; i < d*h; i++)
		g->dW1->data[i] += 2 * reg * net->W1->data[i];

	g->present = BP_GRADS_ALL;
	return 0;
}
