/* HW4 -- backward pass (section B skeleton, calloc'd buffers) */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define IDX(i, j, ncol) ((i) * (ncol) + (j))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j;

    double *dscores = calloc(N * C, sizeof *dscores);
    double *dW2     = calloc(H * C, sizeof *dW2);
    double *db2     = calloc(C, sizeof *db2);
    double *dhidden = calloc(N * H, sizeof *dhidden);
    double *dz1     = calloc(N * H, sizeof *dz1);
    double *dW1     = calloc(D * H, sizeof *dW1);
    double *db1     = calloc(H, sizeof *db1);
    if (!dscores || !dW2 || !db2 || !dhidden || !dz1 || !dW1 || !db1) {
        free(dscores); free(dW2); free(db2); free(dhidden);
        free(dz1); free(dW1); free(db1);
        return 1;
    }

    gsl_matrix_view sc = gsl_matrix_view_array(dscores, N, C);
    gsl_matrix_view hid = gsl_matrix_view_array(dhidden, N, H);
    gsl_matrix_view z = gsl_matrix_view_array(dz1, N, H);
    gsl_matrix_view w2 = gsl_matrix_view_array(dW2, H, C);
    gsl_matrix_view w1 = gsl_matrix_view_array(dW1, D, H);

    /* TODO 1: dscores */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++)
            dscores[IDX(i, j, C)] = gsl_matrix_get(cache->prob, i, j);
        dscores[IDX(i, y[i], C)] -= 1.0;
    }
    gsl_matrix_scale(&sc.matrix, 1.0 / N);

    /* TODO 2: dW2 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, &sc.matrix, 0.0, &w2.matrix);
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++)
            dW2[IDX(i, j, C)] += 2.0 * reg * gsl_matrix_get(net->W2, i, j);

    /* TODO 3: db2 */
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            db2[j] += dscores[IDX(i, j, C)];

    /* TODO 4: dhidden */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &sc.matrix, net->W2, 0.0, &hid.matrix);

    /* TODO 5: dz1 -- relu only passes positive values */
    for (i = 0; i < N * H; i++)
        dz1[i] = dhidden[i] > 0 ? dhidden[i] : 0.0;

    /* TODO 6: dW1 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, &z.matrix, 0.0, &w1.matrix);
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++)
            dW1[IDX(i, j, H)] += 2.0 * reg * gsl_matrix_get(net->W1, i, j);

    /* TODO 7: db1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            db1[j] += dz1[IDX(i, j, H)];

    /* copy into g */
    gsl_matrix_memcpy(g->dz2, &sc.matrix);
    gsl_matrix_memcpy(g->dW2, &w2.matrix);
    gsl_matrix_memcpy(g->dp1, &hid.matrix);
    gsl_matrix_memcpy(g->dz1, &z.matrix);
    gsl_matrix_memcpy(g->dW1, &w1.matrix);
    for (j = 0; j < C; j++)
        gsl_vector_set(g->db2, j, db2[j]);
    for (j = 0; j < H; j++)
        gsl_vector_set(g->db1, j, db1[j]);
    g->present = BP_GRADS_ALL;

    free(dscores); free(dW2); free(db2); free(dhidden);
    free(dz1); free(dW1); free(db1);
    return 0;
}
