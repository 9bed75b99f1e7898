/* Backward pass, two-layer net (assignment 3).
   Chain rule through the graph:  L <- prob <- z2 <- p1 <- z1.
   For each sample: dL/dprob, then softmax Jacobian, then W2, then relu. */

#include <stdlib.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k, h, d;
    double *dLdprob = malloc(C * sizeof *dLdprob);

    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db2);
    gsl_matrix_set_zero(g->dW1);
    gsl_vector_set_zero(g->db1);

    for (i = 0; i < N; i++) {
        gsl_matrix *Jac = gsl_matrix_alloc(C, C);   /* dprob/dz2 of sample i */

        for (k = 0; k < C; k++)
            dLdprob[k] = 0.0;
        dLdprob[y[i]] = -1.0 / (N * gsl_matrix_get(cache->prob, i, y[i]));

        /* prob_k = exp(z_k) / S  ->  dprob_k/dz_j = -p_k p_j */
        for (k = 0; k < C; k++)
            for (j = 0; j < C; j++)
                gsl_matrix_set(Jac, k, j, -gsl_matrix_get(cache->prob, i, k)
                                          * gsl_matrix_get(cache->prob, i, j));

        for (j = 0; j < C; j++) {
            double s = 0;
            for (k = 0; k < C; k++)
                s += dLdprob[k] * gsl_matrix_get(Jac, k, j);
            gsl_matrix_set(g->dz2, i, j, s);
        }
        gsl_matrix_free(Jac);

        /* dL/dp1_h = sum_j dL/dz2_j * W2[h][j] */
        for (h = 0; h < H; h++) {
            double s = 0;
            for (j = 0; j < C; j++)
                s += gsl_matrix_get(g->dz2, i, j) * gsl_matrix_get(net->W2, h, j);
            gsl_matrix_set(g->dp1, i, h, s);
        }

        /* relu jacobian diag: 1 if z1 > 0 else 0 */
        for (h = 0; h < H; h++) {
            double r = gsl_matrix_get(cache->z1, i, h) > 0 ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, i, h, r * gsl_matrix_get(g->dp1, i, h));
        }

        /* outer products */
        for (h = 0; h < H; h++)
            for (j = 0; j < C; j++)
                gsl_matrix_set(g->dW2, h, j, gsl_matrix_get(g->dW2, h, j) +
                    gsl_matrix_get(cache->p1, i, h) * gsl_matrix_get(g->dz2, i, j));
        for (j = 0; j < C; j++)
            gsl_vector_set(g->db2, j, gsl_vector_get(g->db2, j) + gsl_matrix_get(g->dz2, i, j));
        for (d = 0; d < D; d++)
            for (h = 0; h < H; h++)
                gsl_matrix_set(g->dW1, d, h, gsl_matrix_get(g->dW1, d, h) +
                    gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, h));
        for (h = 0; h < H; h++)
            gsl_vector_set(g->db1, h, gsl_vector_get(g->db1, h) + gsl_matrix_get(g->dz1, i, h));
    }

    /* regularisation, d(reg W^2)/dW = 2 reg W */
    for (h = 0; h < H; h++)
        for (j = 0; j < C; j++)
            gsl_matrix_set(g->dW2, h, j, gsl_matrix_get(g->dW2, h, j) + 2 * reg * gsl_matrix_get(net->W2, h, j));
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++)
            gsl_matrix_set(g->dW1, d, h, gsl_matrix_get(g->dW1, d, h) + 2 * reg * gsl_matrix_get(net->W1, d, h));

    free(dLdprob);
    g->present = BP_GRADS_ALL;
    return 0;
}
