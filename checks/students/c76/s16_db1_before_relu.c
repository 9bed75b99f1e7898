/* backward.c -- backward pass, Jacobians per sample
 *
 *   L --(-1/(N p_y))--> prob --(softmax Jacobian)--> z2
 *   z2 --(W2)--> p1 --(relu Jacobian)--> z1 --(X)--> W1, b1
 *
 * Jacobians of one sample live in plain arrays on the stack.
 */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    double jsm[C][C], dLdprob[C], drelu[H];
    double sumW2[H][C], sumb2[C], sumW1[D][H], sumb1[H];
    size_t i, j, k, h, d;

    for (h = 0; h < H; h++) { sumb1[h] = 0; for (j = 0; j < C; j++) sumW2[h][j] = 0; }
    for (j = 0; j < C; j++) sumb2[j] = 0;
    for (d = 0; d < D; d++) for (h = 0; h < H; h++) sumW1[d][h] = 0;

    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            double pk = gsl_matrix_get(cache->prob, i, k);
            dLdprob[k] = (k == y[i]) ? -1.0 / ((double)N * pk) : 0.0;
            for (j = 0; j < C; j++)
                jsm[k][j] = pk * ((k == j ? 1.0 : 0.0) - gsl_matrix_get(cache->prob, i, j));
        }
        for (j = 0; j < C; j++) {
            double s = 0;
            for (k = 0; k < C; k++)
                s += dLdprob[k] * jsm[k][j];
            gsl_matrix_set(g->dz2, i, j, s);
            sumb2[j] += s;
        }

        for (h = 0; h < H; h++) {
            double s = 0;
            for (j = 0; j < C; j++)
                s += gsl_matrix_get(g->dz2, i, j) * gsl_matrix_get(net->W2, h, j);
            gsl_matrix_set(g->dp1, i, h, s);
            sumb1[h] += s;        /* dz1/db1 = I */
        }

        for (h = 0; h < H; h++) {
            drelu[h] = gsl_matrix_get(cache->z1, i, h) > 0 ? 1 : 0;
            gsl_matrix_set(g->dz1, i, h, drelu[h] * gsl_matrix_get(g->dp1, i, h));
        }

        for (h = 0; h < H; h++)
            for (j = 0; j < C; j++)
                sumW2[h][j] += gsl_matrix_get(cache->p1, i, h) * gsl_matrix_get(g->dz2, i, j);
        for (d = 0; d < D; d++)
            for (h = 0; h < H; h++)
                sumW1[d][h] += gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, h);
    }

    for (h = 0; h < H; h++)
        for (j = 0; j < C; j++)
            gsl_matrix_set(g->dW2, h, j, sumW2[h][j] + 2 * reg * gsl_matrix_get(net->W2, h, j));
    for (j = 0; j < C; j++)
        gsl_vector_set(g->db2, j, sumb2[j]);
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++)
            gsl_matrix_set(g->dW1, d, h, sumW1[d][h] + 2 * reg * gsl_matrix_get(net->W1, d, h));
    for (h = 0; h < H; h++)
        gsl_vector_set(g->db1, h, sumb1[h]);

    g->present = BP_GRADS_ALL;
    return 0;
}
