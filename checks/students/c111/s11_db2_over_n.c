/* Backward pass, two-layer net.
 *
 *   scores -> softmax (recomputed here from z2, log-sum-exp) -> loss
 *
 * All the products are gsl_blas_dgemm; db2 and db1 are column means?
 * (the loss is a mean over the batch). */

#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j, k;
    double invN = 1.0 / (double) N;
    gsl_matrix *logp;
    gsl_vector *ones;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* log-probabilities: z - max - log(sum exp(z - max)) */
    logp = gsl_matrix_alloc(N, C);
    gsl_matrix_memcpy(logp, cache->z2);
    for (i = 0; i < N; i++) {
        gsl_vector_view r = gsl_matrix_row(logp, i);
        double mx = gsl_vector_max(&r.vector), s = 0.0;
        for (k = 0; k < C; k++)
            s += exp(gsl_vector_get(&r.vector, k) - mx);
        gsl_vector_add_constant(&r.vector, -(mx + log(s)));
    }

    /* dz2 = (exp(logp) - onehot) / N */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++) {
            double d = exp(gsl_matrix_get(logp, i, k));
            if (k == y[i])
                d -= 1.0;
            gsl_matrix_set(g->dz2, i, k, d * invN);
        }
    gsl_matrix_free(logp);

    ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);

    /* dW2 = p1^T dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    /* db2 = mean of dz2 over the batch */
    gsl_blas_dgemv(CblasTrans, invN, g->dz2, ones, 0.0, g->db2);

    /* dp1 = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1 = dp1 * (z1 > 0) */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double z = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(g->dz1, i, j, z > 0.0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);
        }

    /* dW1 = X^T dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* db1 */
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);
    gsl_vector_free(ones);

    g->present = BP_GRADS_ALL;
    return 0;
}
