/* backward.c -- two-layer net, backward pass.
 * Night school, assignment 3.  I write Go at work, so: every step is its
 * own function that returns an error code, and the caller checks it right
 * away and bails out.  Plain loops, no BLAS (I wanted to see every index). */

#include "backprop.h"

#define errOK    0
#define errShape 1

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dz2 = (prob - onehot(y)) / N */
static int softmaxGrad(const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2) {
	size_t n, k, N = prob->size1, C = prob->size2;
	if (dz2->size1 != N || dz2->size2 != C) {
		return errShape;
	}
	for (n = 0; n < N; n++) {
		for (k = 0; k < C; k++) {
			double v = gsl_matrix_get(prob, n, k);
			if (k == y[n]) {
				v -= 1.0;
			}
			gsl_matrix_set(dz2, n, k, v / (double)N);
		}
	}
	return errOK;
}

/* dW = A' dZ + 2 reg W,  db = sum over rows of dZ */
static int denseGrad(const gsl_matrix *A, const gsl_matrix *dZ, const gsl_matrix *W,
                     double reg, gsl_matrix *dW, gsl_vector *db) {
	size_t i, j, n;
	if (A->size1 != dZ->size1 || dW->size1 != A->size2 || dW->size2 != dZ->size2) {
		return errShape;
	}
	for (i = 0; i < dW->size1; i++) {
		for (j = 0; j < dW->size2; j++) {
			double s = 0.0;
			for (n = 0; n < A->size1; n++) {
				s += gsl_matrix_get(A, n, i) * gsl_matrix_get(dZ, n, j);
			}
			gsl_matrix_set(dW, i, j, s + 2.0 * reg * gsl_matrix_get(W, i, j));
		}
	}
	for (j = 0; j < dZ->size2; j++) {
		double s = 0.0;
		for (n = 0; n < dZ->size1; n++) {
			s += gsl_matrix_get(dZ, n, j);
		}
		gsl_vector_set(db, j, s);
	}
	return errOK;
}

/* dX = dZ W' */
static int denseInputGrad(const gsl_matrix *dZ, const gsl_matrix *W, gsl_matrix *dX) {
	size_t n, h, k;
	if (dZ->size2 != W->size2 || dX->size2 != W->size1) {
		return errShape;
	}
	for (n = 0; n < dX->size1; n++) {
		for (h = 0; h < dX->size2; h++) {
			double s = 0.0;
			for (k = 0; k < dZ->size2; k++) {
				s += gsl_matrix_get(dZ, n, k) * gsl_matrix_get(W, h, k);
			}
			gsl_matrix_set(dX, n, h, s);
		}
	}
	return errOK;
}

static int reluGrad(const gsl_matrix *dP, const gsl_matrix *Z, gsl_matrix *dZ) {
	size_t n, h;
	for (n = 0; n < dP->size1; n++) {
		for (h = 0; h < dP->size2; h++) {
			if (gsl_matrix_get(Z, n, h) > 0) {
				gsl_matrix_set(dZ, n, h, gsl_matrix_get(dP, n, h));
			} else {
				gsl_matrix_set(dZ, n, h, 0.0);
			}
		}
	}
	return errOK;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
	int err;
	if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1) {
		return errShape;
	}
	if ((err = softmaxGrad(cache->prob, y, g->dz2)) != errOK) {
		return err;
	}
	if ((err = denseGrad(cache->p1, g->dz2, net->W2, reg, g->dW2, g->db2)) != errOK) {
		return err;
	}
	if ((err = denseInputGrad(g->dz2, net->W2, g->dp1)) != errOK) {
		return err;
	}
	if ((err = reluGrad(g->dp1, cache->z1, g->dz1)) != errOK) {
		return err;
	}
	if ((err = denseGrad(X, g->dz1, net->W1, reg, g->dW1, g->db1)) != errOK) {
		return err;
	}
	g->present = BP_GRADS_ALL;
	return errOK;
}
