/* Homework 3: backward()
 * chain rule, one step at a time:
 *   dprob -> dz2 (softmax jacobian) -> dW2, db2, dp1 -> dz1 -> dW1, db1 */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define FOR(i, n) for ((i) = 0; (i) < (n); (i)++)
#define PROB(i, k) gsl_matrix_get(cache->prob, (i), (k))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j, k;
    double *dprob = calloc(C, sizeof(double));
    double *jac = calloc(C * C, sizeof(double));
    double t;

    FOR(i, N) {
        /* dL/dprob for sample i */
        FOR(k, C) dprob[k] = 0.0;
        dprob[y[i]] = -1.0 / (N * PROB(i, y[i]));

        /* jacobian dprob_k/dz_j */
        FOR(k, C) FOR(j, C)
            jac[k * C + j] = PROB(i, k) * ((k == j ? 1.0 : 0.0) - PROB(i, j));

        FOR(j, C) {
            t = 0.0;
            FOR(k, C) t += dprob[k] * jac[k * C + j];
            gsl_matrix_set(g->dz2, i, j, t);
        }
    }
    free(dprob);
    free(jac);

    /* dW2 = p1^T dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    /* db2 */
    FOR(j, C) {
        t = 0.0;
        FOR(i, N) t += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, t);
    }

    /* dp1 = dz2 W2^T  (through the relu as well) */
    FOR(i, N) FOR(j, H) {
        t = 0.0;
        FOR(k, C) t += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
        if (gsl_matrix_get(cache->z1, i, j) <= 0.0) t = 0.0;
        gsl_matrix_set(g->dp1, i, j, t);
    }

    /* dz1 */
    gsl_matrix_memcpy(g->dz1, g->dp1);

    /* dW1 = X^T dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* db1 */
    FOR(j, H) {
        t = 0.0;
        FOR(i, N) t += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, t);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
