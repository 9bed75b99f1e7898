/* Backward pass twee-laags netwerk, alles met lussen (geen BLAS).
 * Student: 4 jaar Matlab, dus de indices lopen hier gewoon vanaf 0. */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double s;

    /* G(i,k) = (P(i,k) - [k == y_i]) / N */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            double t = gsl_matrix_get(cache->prob, i, k);
            if (k == y[i]) t -= 1.0;
            gsl_matrix_set(g->dz2, i, k, t / N);
        }
    }

    /* dW2(j,k) = sum_i A1(i,j) G(i,k) + 2 reg W2(j,k) */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            s = 0.0;
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, s + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }

    /* db2(k) = sum_i G(i,k) */
    for (k = 0; k < C; k++) {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, s);
    }

    /* Gh(i,j) = sum_k G(i,k) W2(j,k) */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            s = 0.0;
            for (k = 0; k < C; k++)
                s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, s);
        }
    }

    /* relu': 1 als Z1 > 0, anders 0 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0
                           ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    /* dW1(d,j) = sum_i X(i,d) dZ1(i,j) + 2 reg W1(d,j) */
    for (k = 0; k < D; k++) {
        for (j = 0; j < H; j++) {
            s = 2.0 * reg * gsl_matrix_get(net->W1, k, j);
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            gsl_matrix_set(g->dW1, k, j, s);
        }
    }

    /* db1(j) = sum_i dZ1(i,j) */
    for (j = 0; j < H; j++) {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
