/* HW4 backward pass.  Row pointers into ->data (row i starts at
 * data + i*tda).  One function per gradient, outputs go into g. */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void g_dz2(const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
	size_t i, k, N = prob->size1;
	for (i = 0; i < N; i++) {
		const double *p = prob->data + i * prob->tda;
		double *d = dz2->data + i * dz2->tda;
		for (k = 0; k < prob->size2; k++)
			d[k] = p[k] / N;
		d[y[i]] -= 1.0 / N;
	}
}

/* dW2[h][c] = sum_n a1[n][h] dz2[n][c] + 2 reg W2[h][c],  a1 = relu output */
static void g_dW2(const gsl_matrix *a1, const gsl_matrix *dz2,
                  const gsl_matrix *W2, double reg, gsl_matrix *dW2)
{
	size_t n, h, c;
	for (h = 0; h < dW2->size1; h++) {
		double *out = dW2->data + h * dW2->tda;
		const double *w = W2->data + h * W2->tda;
		for (c = 0; c < dW2->size2; c++)
			out[c] = 2.0 * reg * w[c];
	}
	for (n = 0; n < a1->size1; n++) {
		const double *a = a1->data + n * a1->tda;
		const double *d = dz2->data + n * dz2->tda;
		for (h = 0; h < dW2->size1; h++) {
			double *out = dW2->data + h * dW2->tda;
			for (c = 0; c < dW2->size2; c++)
				out[c] += a[h] * d[c];
		}
	}
}

static void g_db2(const gsl_matrix *dz2, gsl_vector *db2)
{
	size_t n, c;
	for (c = 0; c < db2->size; c++)
		db2->data[c * db2->stride] = 0.0;
	for (n = 0; n < dz2->size1; n++) {
		const double *d = dz2->data + n * dz2->tda;
		for (c = 0; c < dz2->size2; c++)
			db2->data[c * db2->stride] += d[c];
	}
}

static void g_dp1(const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
	size_t n, h, c;
	for (n = 0; n < dp1->size1; n++) {
		const double *d = dz2->data + n * dz2->tda;
		double *out = dp1->data + n * dp1->tda;
		for (h = 0; h < dp1->size2; h++) {
			const double *w = W2->data + h * W2->tda;
			double s = 0.0;
			for (c = 0; c < dz2->size2; c++)
				s += d[c] * w[c];
			out[h] = s;
		}
	}
}

static void g_dz1(const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
	size_t n, h;
	for (n = 0; n < dz1->size1; n++) {
		const double *d = dp1->data + n * dp1->tda;
		const double *z = z1->data + n * z1->tda;
		double *out = dz1->data + n * dz1->tda;
		for (h = 0; h < dz1->size2; h++)
			out[h] = z[h] > 0.0 ? d[h] : 0.0;
	}
}

static void g_dW1(const gsl_matrix *X, const gsl_matrix *dz1,
                  const gsl_matrix *W1, double reg, gsl_matrix *dW1)
{
	size_t n, i, h;
	for (i = 0; i < dW1->size1; i++)
		for (h = 0; h < dW1->size2; h++)
			dW1->data[i * dW1->tda + h] = 2.0 * reg * W1->data[i * W1->tda + h];
	for (n = 0; n < X->size1; n++) {
		const double *x = X->data + n * X->tda;
		const double *d = dz1->data + n * dz1->tda;
		for (i = 0; i < dW1->size1; i++)
			for (h = 0; h < dW1->size2; h++)
				dW1->data[i * dW1->tda + h] += x[i] * d[h];
	}
}

static void g_db1(const gsl_matrix *dz1, gsl_vector *db1)
{
	size_t n, h;
	for (h = 0; h < db1->size; h++) {
		double s = 0.0;
		for (n = 0; n < dz1->size1; n++)
			s += dz1->data[n * dz1->tda + h];
		db1->data[h * db1->stride] = s;
	}
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
		return 1;

	g_dz2(cache->prob, y, g->dz2);
	g_dW2(cache->z1, g->dz2, net->W2, reg, g->dW2);
	g_db2(g->dz2, g->db2);
	g_dp1(g->dz2, net->W2, g->dp1);
	g_dz1(g->dp1, cache->z1, g->dz1);
	g_dW1(X, g->dz1, net->W1, reg, g->dW1);
	g_db1(g->dz1, g->db1);

	g->present = BP_GRADS_ALL;
	return 0;
}
