/* hw2 -- backward pass, chain rule node by node.
 * graph:  X -> z1 -> p1 -> z2 -> prob -> L
 * I write every Jacobian out in plain arrays, no "p - y" trick. */
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* softmax jacobian of one row p (C entries), J is C*C row major */
static void softmax_jacobian(const double *p, size_t C, double *J)
{
    size_t k, j;
    for (k = 0; k < C; k++)
        for (j = 0; j < C; j++)
            J[k*C + j] = p[k] * ((k == j) - p[j]);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, a, b, d;
    double *p    = malloc(C * sizeof(double));
    double *J    = malloc(C * C * sizeof(double));
    double *dLdp = malloc(C * sizeof(double));
    double *relu = malloc(H * sizeof(double));   /* diag of dp1/dz1 */
    double *gW2  = calloc(H * C, sizeof(double));
    double *gW1  = calloc(D * H, sizeof(double));
    double *gb2  = calloc(C, sizeof(double));
    double *gb1  = calloc(H, sizeof(double));
    int ret = 0;

    if (!p || !J || !dLdp || !relu || !gW2 || !gW1 || !gb2 || !gb1) {
        ret = 1;
        goto out;
    }

    for (n = 0; n < N; n++) {
        /* node prob: L = -(1/N) sum_n log p[n][y_n] */
        for (a = 0; a < C; a++) {
            p[a] = gsl_matrix_get(cache->prob, n, a);
            dLdp[a] = 0.0;
        }
        dLdp[y[n]] = -1.0 / ((double)N * p[y[n]]);

        /* node z2 */
        softmax_jacobian(p, C, J);
        for (b = 0; b < C; b++) {
            double s = 0.0;
            for (a = 0; a < C; a++)
                s += dLdp[a] * J[a*C + b];
            gsl_matrix_set(g->dz2, n, b, s);
        }

        /* node p1: dz2[b]/dp1[a] = W2[a][b] */
        for (a = 0; a < H; a++) {
            double s = 0.0;
            for (b = 0; b < C; b++)
                s += gsl_matrix_get(g->dz2, n, b) * gsl_matrix_get(net->W2, a, b);
            gsl_matrix_set(g->dp1, n, a, s);
        }

        /* node z1: relu jacobian is diagonal, keep only the diagonal */
        for (a = 0; a < H; a++)
            relu[a] = gsl_matrix_get(cache->z1, n, a) > 0.0 ? 1.0 : 0.0;
        for (a = 0; a < H; a++)
            gsl_matrix_set(g->dz1, n, a, relu[a] * gsl_matrix_get(g->dp1, n, a));

        /* weights: dz2[b]/dW2[a][b] = p1[a] -> outer product p1 (x) dz2 */
        for (a = 0; a < H; a++)
            for (b = 0; b < C; b++)
                gW2[a*C + b] += gsl_matrix_get(cache->p1, n, a) * gsl_matrix_get(g->dz2, n, b);
        for (b = 0; b < C; b++)
            gb2[b] += gsl_matrix_get(g->dz2, n, b);
        for (d = 0; d < D; d++)
            for (a = 0; a < H; a++)
                gW1[d*H + a] += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, a);
        for (a = 0; a < H; a++)
            gb1[a] += gsl_matrix_get(g->dz1, n, a);
    }

    for (a = 0; a < H; a++)
        for (b = 0; b < C; b++)
            gsl_matrix_set(g->dW2, a, b, gW2[a*C + b] + 2*reg*gsl_matrix_get(net->W2, a, b));
    for (b = 0; b < C; b++)
        gsl_vector_set(g->db2, b, gb2[b]);
    for (d = 0; d < D; d++)
        for (a = 0; a < H; a++)
            gsl_matrix_set(g->dW1, d, a, gW1[d*H + a] + 2*reg*gsl_matrix_get(net->W1, d, a));
    for (a = 0; a < H; a++)
        gsl_vector_set(g->db1, a, gb1[a]);
    g->present = BP_GRADS_ALL;

out:
    free(p); free(J); free(dLdp); free(relu);
    free(gW2); free(gW1); free(gb2); free(gb1);
    return ret;
}
